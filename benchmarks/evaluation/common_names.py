"""Customers with the most common real names of the regions sanctions lists cover most:
namesakes, not the listed people, so any alert on one is a false alert.

The names are the top given names and surnames by number of bearers per country, as
ranked by Forebears (forebears.io, "Most Common Forenames/Last Names in <country>",
compiled from national registers and telephone directories), in the usual English
spelling of each country's customer records. Lists of sanctioned people were not used:
a name here is common because many people bear it, not because a list holds it.
Customers pair a given name and a surname of one country, each drawn with a weight of
1 / rank (Zipf's law, which such rankings follow closely).
"""

from __future__ import annotations

import random
from typing import Any

from benchmarks.evaluation.customers import customer_case

# country: (given names by rank, surnames by rank)
COMMON: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "eg": (
        ("Mohamed", "Ahmed", "Mahmoud", "Mostafa", "Ali", "Hassan", "Ibrahim", "Omar"),
        ("Mohamed", "Ahmed", "Ali", "Mahmoud", "Hassan", "Ibrahim", "Hussein", "Mostafa"),
    ),
    "sa": (
        ("Mohammed", "Abdullah", "Ahmed", "Ali", "Abdulrahman", "Khalid", "Fahad", "Saad"),
        ("Al-Otaibi", "Al-Qahtani", "Al-Ghamdi", "Al-Harbi", "Al-Zahrani", "Al-Shehri"),
    ),
    "pk": (
        ("Muhammad", "Ali", "Ahmed", "Abdul", "Imran", "Asif", "Tariq", "Shahid"),
        ("Khan", "Ali", "Ahmed", "Hussain", "Shah", "Iqbal", "Malik", "Butt", "Akhtar"),
    ),
    "iq": (
        ("Ali", "Mohammed", "Ahmed", "Hussein", "Abbas", "Hassan", "Mustafa", "Haider"),
        ("Ali", "Hussein", "Mohammed", "Abbas", "Hassan", "Kadhim", "Jassim", "Salman"),
    ),
    "ir": (
        ("Mohammad", "Ali", "Hossein", "Reza", "Mehdi", "Hassan", "Amir", "Majid"),
        ("Mohammadi", "Hosseini", "Ahmadi", "Rezaei", "Moradi", "Karimi", "Jafari"),
    ),
    "sy": (
        ("Mohammad", "Ahmad", "Ali", "Khaled", "Omar", "Mahmoud", "Hasan", "Ibrahim"),
        ("Al-Ali", "Hasan", "Ahmad", "Mohammad", "Al-Hussein", "Ibrahim", "Khalil"),
    ),
    "af": (
        ("Mohammad", "Abdul", "Ahmad", "Gul", "Noor", "Ghulam", "Said", "Khan"),
        ("Ahmadi", "Mohammadi", "Hussaini", "Khan", "Rahimi", "Sultani", "Karimi"),
    ),
    "ng": (
        ("Ibrahim", "Musa", "Abubakar", "Mohammed", "Aliyu", "Usman", "Sani", "Yusuf"),
        ("Ibrahim", "Musa", "Abubakar", "Mohammed", "Bello", "Adamu", "Usman", "Sani"),
    ),
    "ru": (
        ("Aleksandr", "Sergey", "Dmitriy", "Andrey", "Aleksey", "Vladimir", "Yevgeniy"),
        ("Ivanov", "Smirnov", "Kuznetsov", "Popov", "Vasilyev", "Petrov", "Sokolov"),
    ),
    "ua": (
        ("Oleksandr", "Serhiy", "Volodymyr", "Andriy", "Mykola", "Viktor", "Yuriy"),
        ("Melnyk", "Shevchenko", "Boyko", "Kovalenko", "Bondarenko", "Tkachenko"),
    ),
    "cn": (
        ("Wei", "Jing", "Li", "Min", "Jun", "Yong", "Lei", "Fang", "Jie", "Tao"),
        ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou"),
    ),
    "kr": (
        ("Min-jun", "Seo-yeon", "Ji-hoon", "Young-ho", "Sung-min", "Hyun-woo", "Ji-woo"),
        ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon"),
    ),
    "in": (
        ("Ram", "Mohammed", "Santosh", "Sanjay", "Sunil", "Rajesh", "Ramesh", "Anil"),
        ("Kumar", "Singh", "Sharma", "Das", "Patel", "Yadav", "Khan", "Shah"),
    ),
    "us": (
        ("James", "John", "Robert", "Michael", "William", "David", "Maria", "Mary"),
        ("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis"),
    ),
    "es": (
        ("Jose", "Antonio", "Manuel", "Francisco", "Juan", "David", "Maria", "Carmen"),
        ("Garcia", "Rodriguez", "Gonzalez", "Fernandez", "Lopez", "Martinez", "Sanchez"),
    ),
    "tr": (
        ("Mehmet", "Mustafa", "Ahmet", "Ali", "Huseyin", "Hasan", "Ibrahim", "Ismail"),
        ("Yilmaz", "Kaya", "Demir", "Sahin", "Celik", "Yildiz", "Yildirim", "Ozturk"),
    ),
}


def _zipf(names: tuple[str, ...], rng: random.Random) -> str:
    return rng.choices(names, [1 / rank for rank in range(1, len(names) + 1)])[0]


def common_name_customers(n: int, seed: int) -> list[dict[str, Any]]:
    """n person cases (class neg_common), "given surname", countries in turn; the given
    name and surname differ, so "Ali Ali" is not made."""
    rng = random.Random(f"{seed}:common")
    countries = sorted(COMMON)
    out: list[dict[str, Any]] = []
    while len(out) < n:
        country = countries[len(out) % len(countries)]
        given, surnames = COMMON[country]
        first, last = _zipf(given, rng), _zipf(surnames, rng)
        if first == last:
            continue
        case = customer_case(
            f"common-{len(out):06d}", "neg_common", f"{first} {last}", "Person", country
        )
        out.append(case)
    return out
