"""Makes the TextFixer golden: which shared-data texts ftfy's fix_text changes, and a digest of what it makes of each.

    PYTHONPATH=<ftfy and wcwidth> python3 tools/ftfy_goldens.py <shared>/data tests/Rearank.Core.Tests/Reranking/Golden/rank_llm/ftfy.json

Texts are named "<collection>:<query index>:<hit index>" (hit -1: the query) for DL19 and DL20's candidate files, and
"scifact:<line>:title|text" for SciFact's corpus. No text is copied: a changed text keeps the first 16 hex digits of
the SHA-256 of ftfy's output; an unchanged one is not listed.
"""
import hashlib, json, os, sys
import ftfy

def digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

def main():
    shared, target = sys.argv[1], sys.argv[2]
    texts = []
    for name in ("dl19", "dl20"):
        with open(os.path.join(shared, name, f"retrieve_results_{name}_top100.json")) as f:
            for qi, q in enumerate(json.load(f)):
                texts.append((f"{name}:{qi}:-1", q["query"]))
                for hi, h in enumerate(q["hits"]):
                    texts.append((f"{name}:{qi}:{hi}", h["content"]))
    with open(os.path.join(shared, "scifact", "corpus.jsonl"), encoding="utf-8") as f:
        for line, row in enumerate(f):
            doc = json.loads(row)
            texts.append((f"scifact:{line}:title", doc.get("title", "")))
            texts.append((f"scifact:{line}:text", doc.get("text", "")))
    changed = {}
    for key, text in texts:
        fixed = ftfy.fix_text(text)
        if fixed != text:
            changed[key] = digest(fixed)
    with open(target, "w", encoding="utf-8") as f:
        json.dump({"ftfy": ftfy.__version__, "texts": len(texts), "changed": changed}, f, indent=0)

main()
