"""Converts the authors' exp_data.csv (sail-sg/scaling-with-vocab) into vocab_runs.csv.

Usage: python convert_released.py exp_data.csv > vocab_runs.csv

Every row is kept in order; the columns are renamed and the training tokens D are added:
D = num_characters * f(V), f(V) = a ln^2 V + b ln V + c tokens per character with the authors'
a, b, c (their utils.H_to_D, V capped at 200,000 inside the log). Values are written with repr.
"""
import csv
import math
import sys

A, B, C, CAP = 0.00639222, -0.15811069, 1.20470122, 200_000


def tokens_per_char(v):
    lv = math.log(min(v, CAP))
    return A * lv * lv + B * lv + C


def main(path):
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["non_vocab_params", "vocab_size", "embed_dim", "characters", "tokens", "flops", "loss_u"])
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            v = float(row["vocab_size"])
            h = float(row["num_characters"])
            out.writerow([repr(float(row["Non_vocab_parameters"])), repr(v), repr(float(row["embed_dim"])), repr(h),
                          repr(h * tokens_per_char(v)), repr(float(row["FLOPs"])), repr(float(row["Lossu"]))])


if __name__ == "__main__":
    main(sys.argv[1])
