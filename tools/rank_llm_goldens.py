"""Makes the rank_llm prompt goldens the template tests compare against, by running rank_llm's own rendering.

Run once, with rank_llm's source tree and ftfy (and its dependency wcwidth) importable:

    PYTHONPATH=<rank_llm>/src:<ftfy and wcwidth> python3 tools/rank_llm_goldens.py <shared>/data <rank_llm commit> tests/Rearank.Core.Tests/Reranking/Golden/rank_llm/prompts.json

rank_llm's inference handlers are loaded as files, so none of its heavy dependencies (torch, vllm) is needed. DL19's
passages are not copied into the golden: each DL19 case names its query and ranks, and keeps SHA-256 digests of the
messages and of the prompt; the test reads the same passages from the shared data. The hostile cases are ours and kept
whole. The prompt is rank_llm's local-model prompt: the messages in ChatML (Qwen2.5's template for system, user and
assistant turns), the generation prompt opened, then ftfy's fix_text over the whole, as RankListwiseOSLLM.create_prompt
does; a FIRST prompt adds "[" after it.
"""
import hashlib
import importlib.util
import json
import os
import sys
import types

import ftfy
import yaml

def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module

def rank_llm_root():
    for entry in sys.path:
        candidate = os.path.join(entry, "rank_llm")
        if os.path.isdir(os.path.join(candidate, "rerank")):
            return candidate
    raise SystemExit("rank_llm's source is not on PYTHONPATH")

ROOT = rank_llm_root()
for package in ["rank_llm", "rank_llm.rerank", "rank_llm.rerank.listwise", "rank_llm.rerank.pointwise"]:
    module = types.ModuleType(package)
    module.__path__ = []
    sys.modules[package] = module
sys.modules["dacite"] = types.SimpleNamespace(from_dict=None)
data = load("rank_llm.data", os.path.join(ROOT, "data.py"))
load("rank_llm.rerank.inference_handler", os.path.join(ROOT, "rerank", "inference_handler.py"))
load("rank_llm.rerank.listwise.listwise_inference_handler", os.path.join(ROOT, "rerank", "listwise", "listwise_inference_handler.py"))
single = load("rank_llm.rerank.listwise.singleturn_listwise_inference_handler",
              os.path.join(ROOT, "rerank", "listwise", "singleturn_listwise_inference_handler.py"))
multi = load("rank_llm.rerank.listwise.multiturn_listwise_inference_handler",
             os.path.join(ROOT, "rerank", "listwise", "multiturn_listwise_inference_handler.py"))
point = load("rank_llm.rerank.pointwise.pointwise_inference_handler",
             os.path.join(ROOT, "rerank", "pointwise", "pointwise_inference_handler.py"))

LISTWISE = ["rank_gpt", "rank_gpt_apeer", "rank_zephyr", "rank_zephyr_alpha", "reasonrank", "qwen_thinking", "qwen_non_thinking"]

class IdentityTokenizer:
    """The pointwise handler cuts a passage to the context by a token round trip: the identity for these texts."""
    def encode(self, text, truncation=True, max_length=None):
        return [text]
    def decode(self, tokens, skip_special_tokens=True):
        return tokens[0]

def template(name):
    with open(os.path.join(ROOT, "rerank", "prompt_templates", f"{name}_template.yaml")) as f:
        return yaml.safe_load(f)

def handler(name):
    t = template(name)
    return {"singleturn_listwise": single.SingleTurnListwiseInferenceHandler,
            "multiturn_listwise": multi.MultiTurnListwiseInferenceHandler,
            "pointwise": point.PointwiseInferenceHandler}[t["method"]](t)

def chatml(messages):
    return "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages) + "<|im_start|>assistant\n"

def result(query, passages):
    return data.Result(query=data.Query(text=query, qid="q"),
                       candidates=[data.Candidate(docid=str(i), score=float(100 - i), doc=p) for i, p in enumerate(passages)])

def digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()

def case(name, query, passages, use_alpha, whole):
    h = handler(name)
    r = result(query, passages)
    if name == "pointwise_vllm":
        messages = [h.generate_chat_messages(result=r, index=i, max_doc_tokens=8192, tokenizer=IdentityTokenizer(), max_passage_words=300)
                    for i in range(len(passages))]
        prompt = None
    else:
        messages = h.generate_prompt(r, rank_start=0, rank_end=len(passages), max_length=300, use_alpha=use_alpha)
        prompt = ftfy.fix_text(chatml(messages))
    out = {"template": name, "use_alpha": use_alpha}
    if whole:
        out.update(query=query, passages=passages, messages=messages, prompt=prompt)
    else:
        out.update(messages_sha256=digest(json.dumps(messages, ensure_ascii=False)),
                   prompt_sha256=None if prompt is None else digest(prompt),
                   prompt_chars=None if prompt is None else len(prompt))
    return out

HOSTILE_QUERY = "what is [2] vs {num} in \u201cpython\u201d &amp; \u00e2\u20ac\u201c fixes"
HOSTILE = [
    {"text": "Passage citing [1] and [12] with {query} braces, {{doubled}} and a tab\there."},
    {"title": "A Title", "text": "  leading and trailing spaces, \u201ccurly\u201d \u2018quotes\u2019  "},
    {"title": "", "text": "Empty title; mojibake: caf\u00c3\u00a9 na\u00c3\u00afve \u00e2\u20ac\u201d dash"},
    {"text": "Ligatures \ufb01ne \ufb02ow, fullwidth \uff21\uff22\uff23, entity &lt;b&gt; &eacute; and &#39;"},
    {"text": "Has a < sign so &amp; stays, and a chat marker <|im_end|> inside"},
    {"text": "Line one\r\nline two\u2028line three\n\nend"},
    {"text": "Control\u0007 chars\u200b and a BOM \ufeff here, C1 \u0085 next"},
    {"text": " ".join(f"w{i}" for i in range(320))},
    {"text": "Combining e\u0301 and A\u030a composed by NFC; \u2460 circled and x\u00b2 superscript"},
    {"text": "Unicode digits \u0663 and \U0001D7CF in [\u0663]"},
]

def main():
    shared, commit, target = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(os.path.join(shared, "dl19", "retrieve_results_dl19_top100.json")) as f:
        dl19 = json.load(f)
    cases = []
    for name in LISTWISE:
        alphas = [True] if name == "rank_zephyr_alpha" else [False, True] if name in ("rank_zephyr", "rank_gpt") else [False]
        for use_alpha in alphas:
            cases.append(case(name, HOSTILE_QUERY, HOSTILE, use_alpha, whole=True))
            for qi in (0, 7, 21, 42):
                q = dl19[qi]
                for start in (80, 0):
                    passages = [{"contents": h["content"]} for h in q["hits"][start:start + 20]]
                    c = case(name, q["query"], passages, use_alpha, whole=False)
                    c.update(dl19_query=q["hits"][0]["qid"], start=start, count=20)
                    cases.append(c)
    cases.append(case("pointwise_vllm", HOSTILE_QUERY, HOSTILE, False, whole=True))
    for qi in (0, 21):
        q = dl19[qi]
        passages = [{"contents": h["content"]} for h in q["hits"][:100]]
        c = case("pointwise_vllm", q["query"], passages, False, whole=False)
        c.update(dl19_query=q["hits"][0]["qid"], start=0, count=100)
        cases.append(c)
    with open(target, "w", encoding="utf-8") as f:
        json.dump({"rank_llm_commit": commit, "ftfy": ftfy.__version__, "cases": cases}, f, ensure_ascii=False, indent=1)

main()
