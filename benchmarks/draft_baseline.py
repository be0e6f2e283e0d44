"""A keyword baseline for drafting: five METRICS answers from words alone, no reading of data flow or negation.

The figure the drafting rules must beat (``benchmarks/draft_eval.py`` reports both): it reads the whole text, and
answers yes or no, never review.

    python benchmarks/draft_baseline.py FILE.md ...     # prints the five answers of each text
"""

from __future__ import annotations

import re
import sys

_I = re.IGNORECASE
DEEP = re.compile(r"\b(resnet|densenet|vgg|u-?net|nnu-?net|efficientnet|inception|xception|vit|swin|mobilenet|yolo"
                  r"|r-?cnn|transformer|cnn|convolutional|deep learning|neural network|deepsurv|simclr|dinov2)", _I)
DEEP_FEATURES = re.compile(r"(deep|cnn|network)[^.]{0,80}features?[^.]{0,40}(extract|layer)|features?[^.]{0,60}"
                           r"extract[^.]{0,200}(classifier|svm|support vector|logistic|random forest|xgboost)", _I)
DELINEATE = re.compile(r"segment|delineat|contour|outlin|region of interest|\bROI\b|\bVOI\b|bounding box|\bbox", _I)
HUMAN = re.compile(r"manual|by hand|semi-?automat|radiologist|reader|physician|corrected|edited", _I)
AUTOMATIC = re.compile(r"automatic|automated|without (manual|human)|nnu-?net|u-?net|totalsegmentator", _I)
HANDCRAFTED = re.compile(r"pyradiomics|lifex|mazda|mirp|ibsi|glcm|glrlm|co-?occurrence|texture|radiomic feature"
                         r"|first-order|dosiomic", _I)
TABULAR = re.compile(r"deep features?|feature vector|embedding|descriptors|lasso|mrmr|feature selection", _I)


def near(a: re.Pattern[str], b: re.Pattern[str], text: str, window: int = 120) -> bool:
    """Some match of ``a`` with a match of ``b`` within ``window`` characters of it."""
    return any(b.search(text, max(m.start() - window, 0), m.end() + window) for m in a.finditer(text))


def baseline(text: str) -> dict[int, str]:
    """Condition number -> "yes" | "no", from keywords of the whole text."""
    c1 = DELINEATE.search(text) is not None
    c2 = c1 and not near(DELINEATE, HUMAN, text) and AUTOMATIC.search(text) is not None
    c3 = HANDCRAFTED.search(text) is not None
    c4 = c3 or TABULAR.search(text) is not None
    c5 = DEEP.search(text) is not None and DEEP_FEATURES.search(text) is None
    return {n: "yes" if v else "no" for n, v in zip((1, 2, 3, 4, 5), (c1, c2, c3, c4, c5))}


if __name__ == "__main__":
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            answers = baseline(f.read())
        print(path, " ".join(f"#{n}={a}" for n, a in answers.items()))
