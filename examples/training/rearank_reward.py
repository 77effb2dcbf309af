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

WHOLE_FORMAT = re.compile(r"\A<think>.*?</think>\s*<answer>.*?</answer>\Z", re.DOTALL)
ANSWER_BLOCK = re.compile(r"<answer>(.*?)</answer>", re.DOTALL)
RANKING = re.compile(r"(\[\d+\]\s*>\s*)*\[\d+\]")


def permutation(text, count):
    """Protocol section 4, steps 3-4: numbers in order, first occurrences in range, then the missing ones."""
    digits = "".join(c if "0" <= c <= "9" else " " for c in text)
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


def reward(response, grades, ideal_grades):
    format_ok = 1.0 if WHOLE_FORMAT.match(response) else 0.0
    block = ANSWER_BLOCK.search(response)
    ranking_ok = 1.0 if block and RANKING.search(block.group(1).strip()) else 0.0
    try:
        text = block.group(1) if block else response
        shown = [max(g, 0) for g in grades]
        order = permutation(text, len(shown))
        initial = ndcg10(shown, ideal_grades)
        after = ndcg10([shown[i] for i in order], ideal_grades)
        best = ndcg10(sorted(shown, reverse=True), ideal_grades)
        gain = 0.0 if best == initial else (after - initial) / (best - initial)
    except Exception:  # the protocol: any failure gives a gain of 0
        gain = 0.0
    return 0.8 * gain + 0.1 * format_ok + 0.1 * ranking_ok


def compute_score(data_source, solution_str, ground_truth, extra_info=None):
    """verl's custom reward function signature; ground_truth is the JSON string of reward_model.ground_truth."""
    truth = json.loads(ground_truth)
    return reward(solution_str, truth["grades"], truth["ideal_grades"])


def trl_reward(completions, grades, ideal_grades, **kwargs):
    """TRL GRPOTrainer reward function: dataset columns arrive as keyword arguments."""
    texts = [c[0]["content"] if isinstance(c, list) else c for c in completions]
    return [reward(t, g, i) for t, g, i in zip(texts, grades, ideal_grades)]


def _self_test():
    grades, ideal = [1, 2, 0], [2, 1]   # candidates b, c, a graded 1, 2, 0, as in RearankRewardTests
    cases = [
        ("<think>c names it</think>\n<answer>[2] > [1] > [3]</answer>", 1.0),
        (" <think>x</think><answer>[2] > [1] > [3]</answer>", 0.9),
        ("[2] > [1] > [3]", 0.8),
        ("<think>[3] first</think><answer>none of them</answer>", 0.1),
        ("", 0.0),
        ("<think>x</think><answer>[3] > [1] > [2]</answer>", 0.8 * (0.61991 - 0.85972) / (1 - 0.85972) + 0.2),
    ]
    for response, expected in cases:
        got = reward(response, grades, ideal)
        assert abs(got - expected) < 1e-9, (response, got, expected)
    print("rearank_reward self-test: %d cases passed" % len(cases))


if __name__ == "__main__" and "--self-test" in sys.argv:
    _self_test()
