"""European Union: Official Journal annexes as transcribed in OpenSanctions' CSV contract."""
