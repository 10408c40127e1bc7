"""No function in src/cli is longer than 60 lines.

A command's function reads options and hands them to core; when it grows past a screen, a step of
its own is hiding in it. Lengths are counted like ctags: from the line that starts the function's
declaration to its closing brace. Comments, strings and raw strings (help texts hold braces) are
blanked first, so only code's braces count. Run from the tests folder:
python3 -m unittest -v short_functions
"""

import os
import re
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIMIT = 60
CODE_TOKEN = re.compile(r'R"([^(\s]*)\(.*?\)\1"|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|//[^\n]*'
                        r'|/\*.*?\*/', re.DOTALL)


def blank_literals(text):
    """The text with comments and string and character literals replaced by spaces, lines kept."""
    return CODE_TOKEN.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), text)


def function_lengths(text):
    """[(name, first line, length in lines)] of every function body in a C++ source."""
    code = blank_literals(text)
    functions = []
    stack = []  # what each open brace opened: namespace, class, function or block
    header_start = 0  # where the text before the next brace began (after ; { or })
    for position, char in enumerate(code):
        if char in ";":
            header_start = position + 1
        elif char == "{":
            header = code[header_start:position]
            kind = "block"
            inside_function = any(opened[0] in ("function", "block") for opened in stack)
            if re.search(r"\bnamespace\b", header):
                kind = "namespace"
            elif re.search(r"\b(class|struct|union|enum)\b", header) and "(" not in header:
                kind = "class"
            elif not inside_function and ")" in header and not re.search(r"=\s*$", header):
                kind = "function"
            # The declaration starts after blanks and access labels ("public:").
            stripped = re.match(r"\s*(?:(?:public|private|protected)\s*:\s*)*", header).end()
            first_line = code.count("\n", 0, header_start + stripped) + 1
            name = re.findall(r"([A-Za-z_~][\w:~]*)\s*\(", header)
            stack.append((kind, first_line, name[0] if name else "?"))
            header_start = position + 1
        elif char == "}":
            if stack:
                kind, first_line, name = stack.pop()
                if kind == "function":
                    last_line = code.count("\n", 0, position) + 1
                    functions.append((name, first_line, last_line - first_line + 1))
            header_start = position + 1
    return functions


def long_functions(root, limit=LIMIT):
    found = []
    folder = os.path.join(root, "src", "cli")
    for name in sorted(os.listdir(folder)):
        if name.endswith(".cpp"):
            with open(os.path.join(folder, name), encoding="utf-8") as file:
                for function, line, length in function_lengths(file.read()):
                    if length > limit:
                        found.append(f"src/cli/{name}:{line}: {function} is {length} lines")
    return found


class CommandFunctionsAreShort(unittest.TestCase):
    def test_no_function_in_src_cli_passes_60_lines(self):
        self.assertEqual(long_functions(ROOT), [])


class TheCountIsRight(unittest.TestCase):
    def body(self, lines):
        return "\n".join(["  step();"] * lines)

    def test_a_function_is_counted_from_its_declaration_to_its_brace(self):
        text = "namespace cli {\nint run(int argc,\n        char** argv) {\n" + self.body(5) + "\n}\n}\n"
        self.assertEqual(function_lengths(text), [("run", 2, 8)])

    def test_braces_in_strings_raw_strings_and_comments_do_not_count(self):
        text = ('void f() {\n  const char* a = "{{";\n  auto b = R"(}\n}\n)";  // }\n'
                "  /* { */ char c = '{';\n}\n")
        self.assertEqual(function_lengths(text), [("f", 1, 7)])

    def test_lambdas_and_blocks_belong_to_their_function(self):
        text = "void f() {\n  auto g = [&](int x) {\n    if (x) {\n    }\n  };\n}\n"
        self.assertEqual(function_lengths(text), [("f", 1, 6)])

    def test_member_functions_are_counted(self):
        text = "class A {\n public:\n  int m() const {\n    return 1;\n  }\n};\n"
        self.assertEqual(function_lengths(text), [("m", 3, 3)])

    def test_a_long_function_is_named(self):
        root = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"short_functions_{os.getpid()}")
        os.makedirs(os.path.join(root, "src", "cli"), exist_ok=True)
        with open(os.path.join(root, "src", "cli", "x.cpp"), "w", encoding="utf-8") as file:
            file.write("void long_one() {\n" + self.body(59) + "\n}\nvoid short_one() {\n}\n")
        self.assertEqual(long_functions(root), ["src/cli/x.cpp:1: long_one is 61 lines"])


if __name__ == "__main__":
    unittest.main()
