"""jsonschema's IRI parser is built only when an IRI is checked (peacekit/_deferred.py).

``import altair`` imports jsonschema, which imports ``rfc3987_syntax``; that
module builds its parsers from a grammar at import (about a second). While
the kit's hook imports altair, a stand-in takes its place. These tests run in
fresh interpreters and check that:

* after ``pk.setup()`` and ``import altair`` the real module is not imported;
* jsonschema's ``iri`` and ``iri-reference`` checks give the same answers as
  in an interpreter without the kit, and the first one imports the real module
  (once, even when several threads check at once);
* any other name asked of the stand-in imports the real module, special
  names do not, and after the block ``import rfc3987_syntax`` is the real one;
* nothing is deferred when the module is already imported or not installed.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from test_lazy_altair import _ok, _run

pytestmark = pytest.mark.skipif(importlib.util.find_spec("rfc3987_syntax") is None,
                                reason="rfc3987_syntax is not installed: nothing to defer")

#: Strings for both formats: valid and invalid IRIs, relative references, non-ASCII, empty.
SAMPLES = ["http://例え.jp/ä?q=1#frag", "https://example.org/a b", "not an iri", "mailto:someone@example.org",
           "../a/b", "//host/path", "", "http://[::1]:80/", "http://host:port/", "urn:isbn:0451450523",
           "#only-a-fragment", "http://example.org/%zz"]

CHECKS = f"""
        import json, jsonschema
        checker = jsonschema.FormatChecker()
        answers = [[checker.conforms(s, f) for f in ("iri", "iri-reference")] for s in {SAMPLES!r}]
        print(json.dumps(answers))
"""


def _answers(stdout: str) -> list:
    return json.loads(stdout.strip().splitlines()[-2])


def test_altair_through_the_kit_leaves_the_grammar_unbuilt_and_iri_checks_unchanged():
    plain = _run(CHECKS + "        print('ok')\n")
    through_kit = _run("""
        import sys
        import peacekit as pk
        pk.setup()
        import altair
        assert "rfc3987_syntax" not in sys.modules and "lark" not in sys.modules, "the parser was built"
        assert "jsonschema._format" in sys.modules
    """ + CHECKS + """
        module = sys.modules["rfc3987_syntax"]  # the first check imported the real module
        from peacekit._deferred import is_stand_in
        assert not is_stand_in(module) and module.__file__.endswith("__init__.py"), module
        print("ok")
    """)
    expected = _answers(_ok(plain))
    assert _answers(_ok(through_kit)) == expected
    assert [True, True] in expected and [False, False] in expected  # the samples tell the answers apart


def test_the_first_iri_checks_in_several_threads_at_once_all_answer():
    # the real module is in sys.modules, unfinished, while its parser is built: the others must wait
    _ok(_run("""
        import sys, threading
        import peacekit as pk
        pk.setup()
        import altair, jsonschema
        assert "rfc3987_syntax" not in sys.modules
        checker = jsonschema.FormatChecker()
        start, answers, errors = threading.Barrier(4), [], []
        def check():
            start.wait()
            try:
                answers.append(checker.conforms("http://example.org/", "iri"))
            except Exception as error:
                errors.append(repr(error))
        threads = [threading.Thread(target=check) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors and answers == [True] * 4, (answers, errors)
        print("ok")
    """))


def test_the_stand_in_hands_other_names_on_and_keeps_special_names_to_itself():
    _ok(_run("""
        import sys
        from peacekit._deferred import deferred_iri_grammar, is_stand_in
        with deferred_iri_grammar() as deferred:
            assert deferred
            stand_in = sys.modules["rfc3987_syntax"]
            assert is_stand_in(stand_in)
            assert not hasattr(stand_in, "__path__") and not hasattr(stand_in, "__file__")
            assert "lark" not in sys.modules  # special names imported nothing
            from rfc3987_syntax import parse  # any other name: the real module
            assert parse("iri", "http://example.org/").data == "iri"
            assert not is_stand_in(sys.modules["rfc3987_syntax"])
        real = sys.modules["rfc3987_syntax"]
        assert not is_stand_in(real)  # the block leaves the real module, once imported
        import rfc3987_syntax
        assert rfc3987_syntax is real
        print("ok")
    """))


def test_the_stand_in_leaves_with_the_block_and_a_later_import_is_real():
    _ok(_run("""
        import sys
        from peacekit._deferred import deferred_iri_grammar, is_stand_in
        with deferred_iri_grammar() as deferred:
            assert deferred and is_stand_in(sys.modules["rfc3987_syntax"])
            from rfc3987_syntax import is_valid_syntax  # what jsonschema takes: no import yet
            assert "lark" not in sys.modules
        assert "rfc3987_syntax" not in sys.modules
        assert is_valid_syntax("iri", "http://example.org/") and not is_valid_syntax("iri", "no iri")
        import rfc3987_syntax
        assert not is_stand_in(rfc3987_syntax) and rfc3987_syntax.__file__
        print("ok")
    """))


def test_nothing_is_deferred_when_imported_already_or_not_installed():
    _ok(_run("""
        import sys
        import peacekit._deferred as deferred
        import rfc3987_syntax
        with deferred.deferred_iri_grammar() as done:
            assert not done and sys.modules["rfc3987_syntax"] is rfc3987_syntax
        deferred.GRAMMAR_MODULE = "no_such_module_for_peacekit"
        with deferred.deferred_iri_grammar() as done:
            assert not done and "no_such_module_for_peacekit" not in sys.modules
        print("ok")
    """))


def test_without_what_the_module_imports_the_answers_are_still_those_of_plain_jsonschema():
    # rfc3987_syntax installed but lark missing: jsonschema's own import fails and it checks no IRI
    no_lark = """
        import sys
        sys.modules["lark"] = None  # an import of lark now fails, as if it were not installed
    """
    plain = _run(no_lark + CHECKS + "        print('ok')\n")
    through_kit = _run(no_lark + """
        import peacekit as pk
        from peacekit._deferred import deferred_iri_grammar
        with deferred_iri_grammar() as deferred:
            assert not deferred  # nothing deferred: the real import would fail
        pk.setup()
        import altair
    """ + CHECKS + "        print('ok')\n")
    expected = _answers(_ok(plain))
    assert expected == [[True, True]] * len(SAMPLES)  # no IRI check at all
    assert _answers(_ok(through_kit)) == expected


def test_a_real_module_that_fails_to_import_later_checks_no_iri_as_jsonschema_would():
    _ok(_run("""
        import sys
        from peacekit._deferred import deferred_iri_grammar
        with deferred_iri_grammar() as deferred:
            assert deferred
            from rfc3987_syntax import is_valid_syntax
        sys.modules["lark"] = None  # broken after the block: the first call cannot import the module
        assert is_valid_syntax("iri", "no iri") is True and "rfc3987_syntax" not in sys.modules
        print("ok")
    """))
