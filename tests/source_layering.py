"""The folder layering drawn in ARCHITECTURE.md, kept by the sources.

ARCHITECTURE.md holds a ```layers block: each line is a folder under src/ and the folders its files
may include from (besides itself; `core/*` is every folder under core, `-` none). This test fails
when a folder with sources is not in the table, when a table line names a folder that does not
exist, when the table has a cycle (an arrow back up), or when a file includes from a folder its line
does not list. Run from the tests folder: python3 -m unittest -v source_layering
"""

import os
import re
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)


def read_layers(architecture_text):
    """{folder: [allowed folders or patterns]} from the ```layers block."""
    match = re.search(r"^```layers\n(.*?)^```", architecture_text, re.MULTILINE | re.DOTALL)
    if not match:
        raise ValueError("ARCHITECTURE.md has no ```layers block")
    layers = {}
    for line in match.group(1).splitlines():
        words = line.split()
        if not words:
            continue
        if words[0] in layers:
            raise ValueError(f"{words[0]} is listed twice")
        layers[words[0]] = [] if words[1:] == ["-"] else words[1:]
    return layers


def source_folders(src):
    """Every folder under src/ that holds C++ sources, as a path relative to src."""
    folders = set()
    for directory, _, files in os.walk(src):
        if any(name.endswith((".cpp", ".hpp")) for name in files):
            folders.add(os.path.relpath(directory, src).replace(os.sep, "/"))
    return folders


def expand(allowed, folders):
    """The folders a line's words name, `core/*` meaning every folder under core."""
    named = set()
    for word in allowed:
        if word.endswith("/*"):
            named |= {folder for folder in folders if folder.startswith(word[:-1])}
        else:
            named.add(word)
    return named


def find_cycle(graph):
    """A list of folders that lead back to the first, or None."""
    state = {}

    def visit(node, path):
        state[node] = "open"
        for next_node in sorted(graph.get(node, ())):
            if state.get(next_node) == "open":
                walked = path + [node]
                return walked[walked.index(next_node):] + [next_node]
            if next_node not in state:
                cycle = visit(next_node, path + [node])
                if cycle:
                    return cycle
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node, [])
            if cycle:
                return cycle
    return None


def layering_problems(root):
    """Every way the sources under root/src and the table in root/ARCHITECTURE.md disagree."""
    src = os.path.join(root, "src")
    with open(os.path.join(root, "ARCHITECTURE.md"), encoding="utf-8") as file:
        layers = read_layers(file.read())
    folders = source_folders(src)
    problems = [f"src/{folder} is not in ARCHITECTURE.md's layers" for folder in
                sorted(folders - set(layers))]
    problems += [f"ARCHITECTURE.md's layers name src/{folder}, which holds no sources" for folder
                 in sorted(set(layers) - folders)]
    graph = {folder: expand(allowed, folders) - {folder} for folder, allowed in layers.items()}
    cycle = find_cycle(graph)
    if cycle:
        problems.append("the layers go round: " + " → ".join(cycle))
    for folder in sorted(folders & set(layers)):
        for name in sorted(os.listdir(os.path.join(src, folder))):
            if not name.endswith((".cpp", ".hpp")):
                continue
            with open(os.path.join(src, folder, name), encoding="utf-8") as file:
                included = INCLUDE.findall(file.read())
            for path in included:
                target = os.path.dirname(path)
                if not os.path.exists(os.path.join(src, path)):
                    continue  # a generated file or one found beside the includer
                if target != folder and target not in graph[folder]:
                    problems.append(f"src/{folder}/{name} includes {path}, but {folder} may not use "
                                    f"{target}")
    return problems


class SourcesKeepTheLayers(unittest.TestCase):
    def test_the_sources_keep_the_drawn_layers(self):
        self.assertEqual(layering_problems(ROOT), [])


class TheCheckFindsEachFault(unittest.TestCase):
    """Each rule, broken once in a small tree, is reported."""

    TABLE = "```layers\ncli  core/* util\ncore/b  core/a util\ncore/a  util\nutil  -\n```\n"

    def tree(self, files, table=TABLE):
        root = tempfile.mkdtemp()
        with open(os.path.join(root, "ARCHITECTURE.md"), "w", encoding="utf-8") as file:
            file.write(table)
        for path, text in files.items():
            os.makedirs(os.path.dirname(os.path.join(root, "src", path)), exist_ok=True)
            with open(os.path.join(root, "src", path), "w", encoding="utf-8") as file:
                file.write(text)
        return root

    def base(self):
        return {"util/u.hpp": "", "core/a/a.hpp": '#include "util/u.hpp"\n',
                "core/b/b.cpp": '#include "core/a/a.hpp"\n#include "core/b/b.hpp"\n',
                "core/b/b.hpp": "", "cli/c.cpp": '#include "core/b/b.hpp"\n'}

    def test_a_tree_that_keeps_the_table_passes(self):
        self.assertEqual(layering_problems(self.tree(self.base())), [])

    def test_an_include_back_up_is_named(self):
        files = self.base()
        files["core/a/a.cpp"] = '#include "core/b/b.hpp"\n'
        self.assertEqual(layering_problems(self.tree(files)),
                         ["src/core/a/a.cpp includes core/b/b.hpp, but core/a may not use core/b"])

    def test_util_may_use_nothing(self):
        files = self.base()
        files["util/u.cpp"] = '#include "cli/c.hpp"\n'
        files["cli/c.hpp"] = ""
        self.assertIn("src/util/u.cpp includes cli/c.hpp, but util may not use cli",
                      layering_problems(self.tree(files)))

    def test_a_folder_missing_from_the_table_is_named(self):
        files = self.base()
        files["core/new/n.cpp"] = ""
        self.assertEqual(layering_problems(self.tree(files)),
                         ["src/core/new is not in ARCHITECTURE.md's layers"])

    def test_a_table_line_without_sources_is_named(self):
        table = self.TABLE.replace("util  -", "util  -\ncore/gone  util")
        self.assertEqual(layering_problems(self.tree(self.base(), table)),
                         ["ARCHITECTURE.md's layers name src/core/gone, which holds no sources"])

    def test_a_table_that_goes_round_is_named(self):
        table = self.TABLE.replace("core/a  util", "core/a  core/b util")
        problems = layering_problems(self.tree(self.base(), table))
        self.assertEqual(len(problems), 1)
        self.assertTrue(problems[0].startswith("the layers go round: core/a → core/b → core/a"),
                        problems)


if __name__ == "__main__":
    unittest.main()
