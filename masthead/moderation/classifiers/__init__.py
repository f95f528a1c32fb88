"""Trained models behind the rules, each loaded lazily (never at import) and once per process.

`linear`: our own small linear models (abuse, hate, spam) over hashed word and character
n-grams of the folded text; weights in `models/*.npz`, trained by `train.py` on the labelled
sets in ../shared/data (a fixed, seeded split; the test rows are never trained on).
`profanity`: alt-profanity-check's model, read once and scored without scikit-learn's per-call
overhead. `language`: lingua. `embeddings`: the optional sentence-embedding model (`ml` extra).
"""
