"""United States: OFAC (SDN CSV set, sdnList XML) and the trade.gov Consolidated Screening List."""
