"""``weights_from`` chains: a network whose weights come round from itself through others (a -> b -> c -> a) is
PS106 like one taking its weights from itself, in every front end; a chain that starts at a network trained first
is fine (the pretraining-then-fine-tuning studies of METRICS-E3, Condition #5, pass their weights along one)."""

from __future__ import annotations

import pytest

from pipespec.errors import InputError
from pipespec.language import load_text
from tests.support.helpers import pipe

HEAD = "input ct: CT image3d\n"
TAIL = "output y: classification\nflow ct -> a -> y\n"


def diagnostics(text: str, fmt: str = "dsl") -> list[tuple[str, int, str]]:
    try:
        load_text(text, "t", fmt)
    except InputError as exc:
        return [(d.code, d.span.line, d.message) for d in exc.diagnostics]
    return []


def test_a_three_network_cycle_is_ps106_once_at_its_first_link() -> None:
    text = pipe(HEAD + "model a: CNN { weights_from: b }\nmodel b: CNN { weights_from: c }\n"
                       "model c: CNN { weights_from: a }\n" + TAIL)
    [(code, line, message)] = diagnostics(text)
    assert (code, line) == ("PS106", 3)
    assert "cycle" in message and "'a' from 'b', 'b' from 'c', 'c' from 'a'" in message


def test_a_two_network_cycle_in_yaml_and_a_cycle_beside_a_good_chain() -> None:
    yaml = ("pipeline: t\nstages:\n- {name: ct, kind: input, modality: CT, form: image3d}\n"
            "- {name: p, kind: model, architecture: CNN, weights_from: q}\n"
            "- {name: q, kind: model, architecture: CNN, weights_from: p}\n"
            "- {name: ssl, kind: model, architecture: CNN}\n"
            "- {name: a, kind: model, architecture: CNN, weights_from: ssl, from: [ct]}\n"
            "- {name: y, kind: output, task: classification, from: [a]}\n")
    found = diagnostics(yaml, "yaml")
    assert [c for c, _, _ in found] == ["PS106"] and "'p' from 'q', 'q' from 'p'" in found[0][2]


@pytest.mark.parametrize("chain", [
    "model s: CNN\nmodel b: CNN { weights_from: s }\nmodel a: CNN { weights_from: b }\n",  # s -> b -> a
    "model a: CNN\n",
])
def test_a_chain_that_starts_at_a_trained_network_is_fine(chain: str) -> None:
    assert diagnostics(pipe(HEAD + chain + TAIL)) == []


def test_a_self_reference_is_still_its_own_message() -> None:
    [(code, _, message)] = diagnostics(pipe(HEAD + "model a: CNN { weights_from: a }\n" + TAIL))
    assert code == "PS106" and message == "'a' takes its weights from itself"


def test_a_long_chain_closing_on_itself_is_found_in_linear_time() -> None:
    n = 3000
    body = "".join(f"model n{i}: CNN {{ weights_from: n{(i + 1) % n} }}\n" for i in range(n))
    found = diagnostics(pipe(HEAD + body + "model a: CNN\n" + TAIL))
    assert [c for c, _, _ in found] == ["PS106"] and "(3000 networks in all)" in found[0][2]
    assert len(found[0][2]) < 400
