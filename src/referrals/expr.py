"""A small, safe arithmetic language for claims files: figure ids, numbers, + - * /, parentheses, sum(...).

Claims files are untrusted input, so expressions are tokenised and parsed by
this grammar and evaluated over a dict of figure values; nothing is ever
passed to eval or exec. Limits stop oversized or deeply nested input early.

    expr   := term (("+" | "-") term)*
    term   := factor (("*" | "/") factor)*
    factor := NUMBER | ID | "sum" "(" expr ("," expr)* ")" | "(" expr ")" | "-" factor
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_LENGTH = 500
MAX_DEPTH = 20
MAX_TOKENS = 200
MAX_NUMBER = 1e12

_TOKEN = re.compile(r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<id>[a-z][a-z0-9_]*)|(?P<op>[-+*/(),]))")


class ExpressionError(ValueError):
    """Why an expression was refused, in words a fact-checker can act on."""


@dataclass(frozen=True)
class Node:
    kind: str  # "num", "id", "neg", "bin", "sum"
    value: object = None
    children: tuple = ()


def tokenize(text: str) -> list[tuple[str, str, int]]:
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression is {len(text)} characters long; the limit is {MAX_LENGTH}")
    tokens, pos = [], 0
    stripped = text.rstrip()
    while pos < len(stripped):
        m = _TOKEN.match(stripped, pos)
        if not m:
            bad = stripped[pos:].lstrip()[:1]
            where = len(stripped) - len(stripped[pos:].lstrip()) + 1
            raise ExpressionError(
                f"unexpected character {bad!r} at position {where}; allowed: figure ids, numbers, + - * / ( ) "
                "and sum(...)"
            )
        kind = m.lastgroup
        tokens.append((kind, m.group(kind), m.start(kind) + 1))
        pos = m.end()
        if len(tokens) > MAX_TOKENS:
            raise ExpressionError(f"expression has more than {MAX_TOKENS} tokens")
    if not tokens:
        raise ExpressionError("expression is empty")
    return tokens


class _Parser:
    def __init__(self, tokens):
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else ("end", "", 0)

    def take(self, value=None):
        tok = self.peek()
        if value is not None and tok[1] != value:
            found = "the end" if tok[0] == "end" else repr(tok[1])
            raise ExpressionError(f"expected {value!r} but found {found} at position {tok[2]}")
        self.i += 1
        return tok

    def nest(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(f"expression is nested more than {MAX_DEPTH} levels deep")

    def expr(self) -> Node:
        self.nest()
        node = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            node = Node("bin", op, (node, self.term()))
        self.depth -= 1
        return node

    def term(self) -> Node:
        node = self.factor()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            node = Node("bin", op, (node, self.factor()))
        return node

    def factor(self) -> Node:
        kind, value, pos = self.peek()
        if kind == "number":
            self.take()
            number = float(value)
            if number > MAX_NUMBER:
                raise ExpressionError(f"number {value} at position {pos} is larger than {MAX_NUMBER:g}")
            return Node("num", number)
        if kind == "id":
            self.take()
            if self.peek()[1] == "(":
                if value != "sum":
                    raise ExpressionError(f"{value!r} at position {pos} cannot be called: only sum(...) is a function")
                self.take("(")
                self.nest()
                items = [self.expr()]
                while self.peek()[1] == ",":
                    self.take(",")
                    items.append(self.expr())
                self.take(")")
                self.depth -= 1
                return Node("sum", None, tuple(items))
            return Node("id", value)
        if value == "(":
            self.take("(")
            self.nest()
            node = self.expr()
            self.take(")")
            self.depth -= 1
            return node
        if value == "-":
            self.take()
            self.nest()
            node = Node("neg", None, (self.factor(),))
            self.depth -= 1
            return node
        found = "the end of the expression" if kind == "end" else f"{value!r} at position {pos}"
        raise ExpressionError(f"expected a figure id, a number, sum(...) or '(' but found {found}")


def parse(text: str) -> Node:
    parser = _Parser(tokenize(text))
    node = parser.expr()
    if parser.i != len(parser.tokens):
        kind, value, pos = parser.peek()
        raise ExpressionError(f"unexpected {value!r} at position {pos} after a complete expression")
    return node


def identifiers(node: Node) -> list[str]:
    if node.kind == "id":
        return [node.value]
    out = []
    for child in node.children:
        out += [i for i in identifiers(child) if i not in out]
    return out


def evaluate(node: Node, values: dict[str, float]) -> float:
    if node.kind == "num":
        return node.value
    if node.kind == "id":
        value = values[node.value]
        if value is None or value != value:
            raise ExpressionError(f"figure {node.value!r} has no number (the source gave words only)")
        return float(value)
    if node.kind == "neg":
        return -evaluate(node.children[0], values)
    if node.kind == "sum":
        return sum(evaluate(c, values) for c in node.children)
    left, right = (evaluate(c, values) for c in node.children)
    if node.value == "+":
        return left + right
    if node.value == "-":
        return left - right
    if node.value == "*":
        result = left * right
        if abs(result) > MAX_NUMBER**2:
            raise ExpressionError("result is too large")
        return result
    if right == 0:
        raise ExpressionError("division by zero")
    return left / right
