#!/bin/sh
# Fails when a source string is missing from po/nl.po, untranslated or
# fuzzy, when po/POTFILES.in is out of date, or when nl.po does not compile.
set -eu
top="$1"
. "$top/build-aux/po-common.sh"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

salve_list_potfiles "$top" > "$tmp/POTFILES.expected"
if ! diff -u "$top/po/POTFILES.in" "$tmp/POTFILES.expected"; then
  echo "po/POTFILES.in is out of date: run build-aux/update-po" >&2
  exit 1
fi

salve_make_pot "$top" "$tmp/salve.pot"
msgmerge --quiet --no-fuzzy-matching "$top/po/nl.po" "$tmp/salve.pot" -o "$tmp/nl.po"
stats="$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$tmp/nl.po" 2>&1)"
echo "po/nl.po: $stats"
case "$stats" in
  *untranslated*|*fuzzy*)
    echo "po/nl.po is not complete; untranslated or fuzzy:" >&2
    msgattrib --untranslated --no-obsolete "$tmp/nl.po" | grep -A2 '^msgid ' | head -80 >&2
    msgattrib --only-fuzzy --no-obsolete "$tmp/nl.po" | grep -A2 '^msgid ' | head -40 >&2
    exit 1;;
esac
