# Shared by build-aux/update-po and tests/check-translations.sh.
# Lists every file that holds a translatable string, relative to the top.

salve_list_potfiles () {
  (
    cd "$1" || exit 1
    {
      grep -rlE '\b(N?_|C_|NC_|g_dngettext|ngettext)\(' src --include='*.c' || true
      grep -rl 'translatable="yes"' ui --include='*.ui' || true
      echo data/io.github.salve.Salve.desktop.in
      echo data/io.github.salve.Salve.metainfo.xml.in
      echo data/io.github.salve.Salve.gschema.xml
    } | LC_ALL=C sort -u
  )
}

# Writes the template for the sources in $1 to $2.
salve_make_pot () {
  top="$1"; out="$2"
  (
    cd "$top" || exit 1
    salve_list_potfiles . > "$out.files"
    xgettext --from-code=UTF-8 --add-comments=Translators --keyword=_ --keyword=N_ \
      --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
      --flag=g_strdup_printf:1:c-format --flag=g_set_error:4:c-format \
      --package-name=salve --msgid-bugs-address=https://github.com/salve-app/salve/issues \
      --files-from="$out.files" --output="$out" 2>"$out.log" || { cat "$out.log" >&2; exit 1; }
    sed -i 's/charset=CHARSET/charset=UTF-8/' "$out"
    rm -f "$out.files" "$out.log"
  )
}
