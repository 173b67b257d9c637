#!/usr/bin/env python3
"""Writes houses.csv, the made-up data of examples/fit.la: 40 houses with a floor area
(m²), a number of rooms and a price (k€) = 50 + 2.5·area + 12·rooms + noise. Fixed seed, so
running it again gives the same file."""
import random

random.seed(2026)
lines = ["area_m2,rooms,price_k"]
for _ in range(40):
    area = random.randint(35, 180)
    rooms = max(1, min(7, round(area / 28 + random.uniform(-1, 1))))
    price = 50 + 2.5 * area + 12 * rooms + random.gauss(0, 15)
    lines.append(f"{area},{rooms},{price:.1f}")
with open("houses.csv", "w") as f:
    f.write("\n".join(lines) + "\n")
