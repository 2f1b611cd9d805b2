"""A bank as a readable outline: sections, questions, types, conditions, signals."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text
from rich.tree import Tree

from ldconsult.bank.banks import LoadedBank
from ldconsult.bank.model import Question
from ldconsult.base.text import printable, printable_model


def render(loaded: LoadedBank) -> Any:
    bank = printable_model(loaded.bank)  # a user's bank file is user text
    root = Tree(Text.assemble((bank.title, "bold"), f"  ({bank.id} v{bank.version}, "
                              f"{len(bank.questions())} questions, ~{bank.minutes} min)"))
    n = 0
    for i, section in enumerate(bank.sections, 1):
        label = Text.assemble((f"{i}. {section.title}", "bold cyan"), f"  [{section.id}]")
        if section.when:
            label.append(f"  when {fmt_condition(section.when)}", style="magenta")
        branch = root.add(label)
        for q in section.questions:
            n += 1
            branch.add(_question(n, q))
    parts: list[Any] = []
    if bank.description:
        parts.append(Text(bank.description.strip(), style="dim"))
    parts.append(root)
    parts.append(Text(f"source: {printable(str(loaded.path))}", style="dim"))
    return Group(*parts)


def _question(n: int, q: Question) -> Tree:
    head = Text.assemble((f"{n}. ", "dim"), (q.prompt, ""), "  ", (f"{q.id}", "green"),
                         (f" · {q.type}", "yellow"))
    flags = []
    if q.always:
        flags.append("basic: always asked")
    if not q.required:
        flags.append("optional")
    if q.allow_unknown:
        flags.append("don't-know allowed")
    if q.provides:
        flags.append(f"provides {q.provides}")
    if flags:
        head.append(f"  ({', '.join(flags)})", style="dim")
    node = Tree(head)
    if q.when:
        node.add(Text(f"when {fmt_condition(q.when)}", style="magenta"))
    for c in q.choices or []:
        t = Text(f"• {c.shown}")
        if c.label and c.label != c.value:
            t.append(f" = {c.value}", style="dim")
        if c.signals:
            t.append(f"  → {fmt_signals(c.signals)}", style="blue")
        node.add(t)
    if q.signals_if_true:
        node.add(Text(f"if yes → {fmt_signals(q.signals_if_true)}", style="blue"))
    if q.signals_if_false:
        node.add(Text(f"if no → {fmt_signals(q.signals_if_false)}", style="blue"))
    for t in q.thresholds:
        bounds = " and ".join(f"{op} {getattr(t, op):g}" for op in ("gte", "gt", "lte", "lt")
                              if getattr(t, op) is not None)
        node.add(Text(f"if {bounds} → {fmt_signals(t.signals)}", style="blue"))
    return node


def fmt_signals(signals: dict[str, Any]) -> str:
    return ", ".join(f"{k}={'+'.join(v) if isinstance(v, list) else v}" for k, v in signals.items())


def fmt_condition(cond: Any) -> str:
    if not isinstance(cond, dict) or len(cond) != 1:
        return str(cond)
    (op, arg), = cond.items()
    if op in ("all", "any"):
        joiner = " and " if op == "all" else " or "
        return "(" + joiner.join(fmt_condition(c) for c in arg) + ")"
    if op == "not":
        return f"not {fmt_condition(arg)}"
    if op in ("answered", "unanswered", "unknown"):
        return f"{arg} is {op}"
    if isinstance(arg, dict) and len(arg) == 1:
        (q, v), = arg.items()
        sym = {"equals": "=", "not_equals": "≠", "in": "in", "not_in": "not in",
               "contains": "contains", "gte": "≥", "gt": ">", "lte": "≤", "lt": "<"}.get(op, op)
        return f"{q} {sym} {v}"
    return f"{op} = {arg}"
