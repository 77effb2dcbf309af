"""Makes Golden/rank_llm/answers.json: how rank_llm reads listwise answers and FIRST's first-token log-probabilities.

    PYTHONPATH=<rank_llm>/src python3 tools/rank_llm_answer_goldens.py <rank_llm commit> tests/Rearank.Core.Tests/Reranking/Golden/rank_llm/answers.json

Runs rank_llm's own ListwiseRankLLM.receive_permutation (with clean_ranking_response) on answers, and its
RankListwiseOSLLM._evaluate_logits (taken from its source file, whose module needs vLLM) on scripted first-token
log-probabilities, in vLLM's order: likeliest first.
"""
import ast, copy, importlib.util, json, os, sys, types, unicodedata

def root():
    for entry in sys.path:
        candidate = os.path.join(entry, "rank_llm")
        if os.path.isdir(os.path.join(candidate, "rerank")):
            return candidate
    raise SystemExit("rank_llm's source is not on PYTHONPATH")

ROOT = root()
for package in ["rank_llm", "rank_llm.rerank", "rank_llm.rerank.listwise"]:
    module = types.ModuleType(package); module.__path__ = []; sys.modules[package] = module
sys.modules["dacite"] = types.SimpleNamespace(from_dict=None)
sys.modules["tqdm"] = types.SimpleNamespace(tqdm=None)
sys.modules["rank_llm.utils"] = types.SimpleNamespace(default_device=lambda: "cpu")

def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec); sys.modules[name] = module; spec.loader.exec_module(module)
    return module

data = load("rank_llm.data", os.path.join(ROOT, "data.py"))
load("rank_llm.rerank.inference_handler", os.path.join(ROOT, "rerank", "inference_handler.py"))
load("rank_llm.rerank.listwise.response_utils", os.path.join(ROOT, "rerank", "listwise", "response_utils.py"))
load("rank_llm.rerank.rankllm", os.path.join(ROOT, "rerank", "rankllm.py"))
listwise = load("rank_llm.rerank.listwise.listwise_rankllm", os.path.join(ROOT, "rerank", "listwise", "listwise_rankllm.py"))

# _evaluate_logits, from its file: the module itself imports vLLM.
source = open(os.path.join(ROOT, "rerank", "listwise", "rank_listwise_os_llm.py")).read()
function = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef) and n.name == "_evaluate_logits")
scope = {"ALPH_START_IDX": ord("A") - 1, "unicodedata": unicodedata, "Any": object}
exec(compile(ast.Module(body=[function], type_ignores=[]), "rank_listwise_os_llm.py", "exec"), scope)
evaluate_logits = scope["_evaluate_logits"]

def permutation(answer, count, use_alpha):
    stub = types.SimpleNamespace(_use_alpha=use_alpha)
    stub._remove_duplicate = lambda r: listwise.ListwiseRankLLM._remove_duplicate(stub, r)
    result = data.Result(query=data.Query(text="q", qid="q"),
                         candidates=[data.Candidate(docid=str(i), score=float(count - i), doc={}) for i in range(count)])
    result = listwise.ListwiseRankLLM.receive_permutation(stub, result, answer, 0, count)
    return [int(c.docid) for c in result.candidates]

ANSWERS = [
    ("[3] > [1] > [2]", 3, False), ("[2] > [2] > [9] > [1]", 3, False), ("", 4, False), ("I think 2 then 1.", 3, False),
    ("<think>[1] is best</think> [3] > [2]", 3, False), ("[12] > [1]", 12, False), ("[¹] > [²]", 3, False),
    ("[⑴] > [2]", 3, False), ("[٣] > [1]", 3, False), ("[𝟐] > [1]", 3, False), ("[３] > [１]", 3, False),
    ("[B] > [A] > [C]", 3, True), ("[b] > [A]", 3, True), ("B > C", 3, True), ("[AB] > [C]", 3, True), ("[é] > [B]", 3, True),
    ("[rankstart] [2] > [1] [rankend]", 2, False), ("> [1] > [2] > [3] > [4] > [5", 5, False), ("[0] > [3]", 3, False),
]

class Logit:
    def __init__(self, token, logprob):
        self.decoded_token, self.logprob = token, logprob

LOGITS = [
    ([("B", -0.1), ("A", -1.0), ("C", -2.5), (" D", -3.0)], 4, True),
    ([("C", -0.5), ("A", -0.5), ("B", -0.5)], 3, True),
    ([("D", -0.2), ("E", -0.3), ("A", -1.2)], 4, True),
    ([("a", -0.2), ("B", -0.3), ("AB", -0.4)], 3, True),
    ([("3", -0.1), ("1", -0.2), ("²", -0.4), (" 2", -0.5), ("٣", -0.6)], 3, False),
    ([("7", -0.1), ("2", -0.2)], 20, False),
    ([("2", -0.3), ("2", -0.1), ("1", -0.2)], 2, False),
]

def first_token(tokens, count, use_alpha):
    stub = types.SimpleNamespace(_use_alpha=use_alpha, _window_size=count)
    logits = {i: Logit(t, lp) for i, (t, lp) in enumerate(tokens)}
    text, scores = evaluate_logits(stub, logits, (1, 9))
    return text, permutation(text, count, use_alpha)

def main():
    commit, target = sys.argv[1], sys.argv[2]
    out = {"rank_llm_commit": commit,
           "answers": [{"answer": a, "count": n, "use_alpha": u, "order": permutation(a, n, u)} for a, n, u in ANSWERS],
           "first_token": [{"tokens": [[t, lp] for t, lp in tokens], "count": n, "use_alpha": u, "answer": first_token(tokens, n, u)[0],
                            "order": first_token(tokens, n, u)[1]} for tokens, n, u in LOGITS]}
    with open(target, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)

main()
