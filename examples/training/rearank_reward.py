"""REARANK's GRPO reward (protocol section 6) for verl or TRL, reading the ground truth Export-RearankTrainingSet writes.

verl: custom_reward_function.path=examples/training/rearank_reward.py custom_reward_function.name=compute_score
TRL:  GRPOTrainer(reward_funcs=[trl_reward], ...) with the exported JSONL as the dataset.

It mirrors Rearank.Core.Training.RearankReward; `python3 rearank_reward.py --self-test` checks the same
hand-worked cases as the C# tests, and the C# test suite runs that self-test when python3 is present.
"""
import json
import math
import re
import sys

WHOLE_FORMAT = re.compile(r"<think>.*?</think>\s*<answer>.*?</answer>", re.DOTALL)
ANSWER_BLOCK = re.compile(r"<answer>(.*?)</answer>", re.DOTALL)
RANKING = re.compile(r"(\[\d+\]\s*>\s*)*\[\d+\]")


def permutation(text, count):
    """Protocol section 4, steps 3-4, as the reward runs them: every non-isdigit() character becomes a space and
    each run goes through int() with no try, so a superscript or circled digit raises (and the caller scores 0)."""
    digits = "".join(c if c.isdigit() else " " for c in text)
    seen, order = set(), []
    for token in digits.split():
        index = int(token) - 1
        if 0 <= index < count and index not in seen:
            seen.add(index)
            order.append(index)
    return order + [i for i in range(count) if i not in seen]


def dcg10(grades):
    return sum(g / math.log2(i + 2) for i, g in enumerate(grades[:10]) if g > 0)


def ndcg10(grades, ideal_grades):
    ideal = dcg10(sorted(ideal_grades, reverse=True))
    return round(dcg10(grades) / ideal, 5) if ideal > 0 else 0.0


def evaluated(order, grades, doc_ids, scores):
    """Grades in the order trec_eval reads the window: slot p holds candidate order[p] with slot p's score, sorted by
    score descending, then docid descending (so tied scores undo the answer). Without scores, slot order."""
    slots = list(range(len(order)))
    if scores:
        slots.sort(key=lambda p: doc_ids[order[p]], reverse=True)
        slots.sort(key=lambda p: scores[p], reverse=True)
    return [grades[order[p]] for p in slots]


def reward(response, grades, ideal_grades, doc_ids=None, scores=None):
    format_ok = 1.0 if WHOLE_FORMAT.fullmatch(response) else 0.0
    block = ANSWER_BLOCK.search(response)
    ranking_ok = 1.0 if block and RANKING.search(block.group(1).strip()) else 0.0
    try:
        text = block.group(1).strip() if block else response.strip()
        shown = [max(g, 0) for g in grades]
        ids = doc_ids or [str(i) for i in range(len(shown))]
        identity = list(range(len(shown)))
        order = permutation(text, len(shown))
        ideal = sorted(identity, key=lambda i: shown[i], reverse=True)
        initial = ndcg10(evaluated(identity, shown, ids, scores), ideal_grades)
        after = ndcg10(evaluated(order, shown, ids, scores), ideal_grades)
        # Never below the given order: where tied slots put the ideal lower, there is nothing to gain.
        best = max(initial, ndcg10(evaluated(ideal, shown, ids, scores), ideal_grades))
        gain = 0.0 if best == initial else (after - initial) / (best - initial)
    except Exception:  # the protocol: any failure (an int() that refuses a digit included) gives a gain of 0
        gain = 0.0
    return 0.8 * gain + 0.1 * format_ok + 0.1 * ranking_ok


def compute_score(data_source, solution_str, ground_truth, extra_info=None):
    """verl's custom reward function signature; ground_truth is the JSON string of reward_model.ground_truth."""
    truth = json.loads(ground_truth)
    return reward(solution_str, truth["grades"], truth["ideal_grades"], truth.get("doc_ids"), truth.get("scores"))


def trl_reward(completions, grades, ideal_grades, doc_ids=None, scores=None, **kwargs):
    """TRL GRPOTrainer reward function: dataset columns arrive as keyword arguments."""
    texts = [c[0]["content"] if isinstance(c, list) else c for c in completions]
    doc_ids = doc_ids or [None] * len(texts)
    scores = scores or [None] * len(texts)
    return [reward(t, g, i, d, s) for t, g, i, d, s in zip(texts, grades, ideal_grades, doc_ids, scores)]


def _self_test():
    grades, ideal = [1, 2, 0], [2, 1]   # candidates b, c, a graded 1, 2, 0, as in RearankRewardTests
    ids = ["b", "c", "a"]
    cases = [
        ("<think>c names it</think>\n<answer>[2] > [1] > [3]</answer>", None, 1.0),
        (" <think>x</think><answer>[2] > [1] > [3]</answer>", None, 0.9),
        ("<think>x</think><answer>[2] > [1] > [3]</answer>\n", None, 0.9),
        ("[2] > [1] > [3]", None, 0.8),
        ("<think>[3] first</think><answer>none of them</answer>", None, 0.1),
        ("", None, 0.0),
        ("<think>x</think><answer>[3] > [1] > [2]</answer>", None, 0.8 * (0.61991 - 0.85972) / (1 - 0.85972) + 0.2),
        # Upstream's quirks, as the C# tests have them:
        ("<think>x</think><answer>[2] > [1] > [3]\u00b2</answer>", None, 0.2),   # int() refuses a superscript: gain 0
        ("\u2460 is weak. [2] > [1] > [3]", None, 0.0),                         # a circled digit in the whole response
        ("<think>x</think><answer>[\u0662] > [\u0661] > [\u0663]</answer>", None, 1.0),  # Arabic-Indic digits are numbers
        ("<think>x</think>\u001e<answer>[2] > [1] > [3]</answer>", None, 1.0),  # Python's \s takes U+001E
        ("<think>x</think><answer>[2] > [1] > [3]</answer>", [5, 5, 5], 0.2),    # all scores tied: nothing to gain
        ("<think>x</think><answer>[3] > [1] > [2]</answer>", [3, 2, 1], 0.8 * (0.61991 - 0.85972) / (1 - 0.85972) + 0.2),
        ("<think>x</think><answer>[\U0001d7d0] > [\U0001d7cf] > [3]</answer>", None, 1.0),  # astral digits are \d and int() reads them
    ]
    for response, scores, expected in cases:
        got = reward(response, grades, ideal, ids, scores)
        assert abs(got - expected) < 1e-9, (response, got, expected)
    # Tie groups that mix unjudged and judged-irrelevant candidates: the ideal stays at the start, so a worse answer
    # gains nothing (sorting unjudged below judged 0 put the "best" under the start and gave this answer 1.0).
    tied = reward("<think>x</think><answer>[3] > [2] > [1]</answer>", [0, 1, 0], [1], ["a", "b", "c"], [5, 5, 4])
    assert abs(tied - 0.2) < 1e-9, tied
    cases.append(tied)
    print("rearank_reward self-test: %d cases passed, upstream's quirks included" % len(cases))


if __name__ == "__main__" and "--self-test" in sys.argv:
    _self_test()
