"""Eval reports: a Markdown table, the raw JSON and a PNG chart per question type."""

from __future__ import annotations

import json
from pathlib import Path

COLUMNS = [
    "n",
    "hit@1",
    "hit@5",
    "mrr",
    "answer_accuracy",
    "citation_accuracy",
    "number_faithfulness",
    "abstention_on_unanswerable",
    "false_answer_rate",
    "refused_answerable",
    "fallback_rate",
    "latency_p50_s",
    "latency_p95_s",
]
SHORT = {
    "answer_accuracy": "answer",
    "citation_accuracy": "citation",
    "number_faithfulness": "num.faith",
    "abstention_on_unanswerable": "abstain",
    "false_answer_rate": "false ans",
    "refused_answerable": "refused",
    "fallback_rate": "fallback",
    "latency_p50_s": "p50 s",
    "latency_p95_s": "p95 s",
}


def _cell(v) -> str:
    if v is None:
        return "–"
    return str(v) if isinstance(v, int) else f"{v:.2f}"


def table(result: dict) -> str:
    head = "| type | " + " | ".join(SHORT.get(c, c) for c in COLUMNS) + " |"
    lines = [head, "|" + "---|" * (len(COLUMNS) + 1)]
    rows = [*result["by_type"].items(), ("**overall**", result["overall"])]
    for name, m in rows:
        lines.append(f"| {name} | " + " | ".join(_cell(m.get(c)) for c in COLUMNS) + " |")
    return "\n".join(lines)


def write_reports(result: dict, out: Path) -> dict[str, str]:
    out.mkdir(parents=True, exist_ok=True)
    md = out / "eval.md"
    js = out / "eval.json"
    png = out / "eval.png"
    tbl = table(result)
    fails = (
        "\n".join(
            f"- `{f['id']}` ({f['type']}) {f['question']}\n  - expected {f['expected']} in {f['gold']}\n"
            f"  - got: {f['answer'][:300]}\n  - retrieved: {f['retrieved']}"
            for f in result["failures"]
        )
        or "none"
    )
    md.write_text(f"# Eval ({result['backend']} backend)\n\n{tbl}\n\n## Failures\n\n{fails}\n", encoding="utf-8")
    js.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    _chart(result, png)
    return {"md": str(md), "json": str(js), "png": str(png), "table": tbl}


def _chart(result: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    kinds = list(result["by_type"])
    metrics = ["hit@5", "answer_accuracy", "citation_accuracy", "abstention_on_unanswerable"]
    fig, ax = plt.subplots(figsize=(10, 4))
    width = 0.8 / len(metrics)
    for i, m in enumerate(metrics):
        vals = [result["by_type"][k].get(m) or 0 for k in kinds]
        ax.bar([x + i * width for x in range(len(kinds))], vals, width, label=SHORT.get(m, m))
    ax.set_xticks([x + 0.4 - width / 2 for x in range(len(kinds))], kinds, rotation=20)
    ax.set_ylim(0, 1.05)
    ax.set_title(f"hoidap eval — {result['backend']} backend, per question type")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
