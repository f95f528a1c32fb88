"""Every page's index entry holds its edition's term in its title (`analysis.edition_term`).

An edition's search asks for the term beside the words, so the entries written before need it:
added here in SQL, edition by edition, to the entries of pages that lack it (running it again
changes nothing). New entries get it from the backend (`masthead.search.backend`). On
PostgreSQL the title vector gains the lexeme; on SQLite the title column gains the token (FTS5's
triggers copy it).
"""

from __future__ import annotations

from django.db import migrations

from masthead.search.analysis import edition_lexeme, edition_term


def edition_terms_add(apps, schema_editor) -> None:
    connection = schema_editor.connection
    quote = schema_editor.quote_name
    entry = quote(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
    page = quote(apps.get_model("wagtailcore", "Page")._meta.db_table)
    locales = apps.get_model("wagtailcore", "Locale").objects.values_list("pk", "language_code")
    with connection.cursor() as cursor:
        for locale_id, language_code in locales:
            term = edition_term(language_code)
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"UPDATE {entry} e SET title = e.title || %s::tsvector FROM {page} p"
                    " WHERE p.locale_id = %s AND e.object_id = p.id::text"
                    " AND e.content_type_id = p.content_type_id"
                    " AND NOT e.title @@ %s::tsquery",
                    [edition_lexeme(term), locale_id, edition_lexeme(term)],
                )
            else:
                cursor.execute(
                    f"UPDATE {entry} SET title = title || char(10) || %s WHERE id IN"
                    f" (SELECT e.id FROM {entry} e JOIN {page} p"
                    " ON e.object_id = CAST(p.id AS TEXT) AND e.content_type_id = p.content_type_id"
                    " WHERE p.locale_id = %s AND instr(e.title, %s) = 0)",
                    [term, locale_id, term],
                )


class Migration(migrations.Migration):
    dependencies = [
        ("masthead_search", "0004_index_analysed_per_edition"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(edition_terms_add, migrations.RunPython.noop)]
