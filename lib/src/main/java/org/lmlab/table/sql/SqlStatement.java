package org.lmlab.table.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.lmlab.table.sql.SqlTokens.Kind;
import org.lmlab.table.sql.SqlTokens.Token;

/**
 * One statement of a SQL cell, classified by its leading keywords before anything runs, so that
 * only statements the table catalog can follow reach DuckDB: queries, {@code DROP TABLE},
 * {@code CREATE TABLE ... AS} and {@code COPY ... TO}. Everything else is refused by {@link #parse}.
 */
public sealed interface SqlStatement {

    /** The statement's text, without a trailing semicolon. */
    String sql();

    /** A statement that returns rows (SELECT, WITH, VALUES, FROM, SHOW, DESCRIBE, EXPLAIN, PRAGMA ...). */
    record Query(String sql) implements SqlStatement {
    }

    /** {@code DROP TABLE [IF EXISTS] name}: removes a catalog table. */
    record DropTable(String sql, String name, boolean ifExists) implements SqlStatement {
    }

    /** {@code CREATE [OR REPLACE] TABLE [IF NOT EXISTS] name AS query}: the query's rows become catalog table {@code name}. */
    record CreateTableAs(String sql, String name, String query, boolean orReplace, boolean ifNotExists)
            implements SqlStatement {
    }

    /** {@code COPY table|(query) TO 'file' [(options)]}: writes a file, changes no table. */
    record CopyTo(String sql, String file) implements SqlStatement {
    }

    /** Keywords that start a statement returning rows. */
    Set<String> QUERY_KEYWORDS = Set.of("SELECT", "WITH", "VALUES", "FROM", "TABLE", "SHOW", "DESCRIBE", "DESC",
            "SUMMARIZE", "PRAGMA", "EXPLAIN");

    /**
     * Splits a script at top-level semicolons and classifies each statement.
     *
     * @throws SqlRefusedException naming the first statement that cannot run, and what to do instead
     */
    static List<SqlStatement> parse(String script) {
        List<Token> tokens = SqlTokens.of(script);
        List<SqlStatement> statements = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= tokens.size(); i++) {
            if (i == tokens.size() || (tokens.get(i).isSymbol(';') && tokens.get(i).depth() == 0)) {
                if (i > from) {
                    statements.add(classify(script, tokens.subList(from, i)));
                }
                from = i + 1;
            }
        }
        if (statements.isEmpty()) {
            throw new SqlRefusedException("empty", "there is no SQL statement to run (only comments or blanks)");
        }
        return statements;
    }

    private static SqlStatement classify(String script, List<Token> t) {
        String text = script.substring(t.get(0).start(), t.get(t.size() - 1).end());
        String first = t.get(0).kind() == Kind.WORD ? upper(t.get(0)) : t.get(0).text();
        if (first.equals("(") || QUERY_KEYWORDS.contains(first)) {
            return query(script, t, text, first);
        }
        return switch (first) {
            case "DROP" -> drop(t, text);
            case "CREATE" -> create(script, t, text);
            case "COPY" -> copy(script, t, text);
            default -> throw refused(kindOf(t), text);
        };
    }

    private static SqlStatement query(String script, List<Token> t, String text, String first) {
        int base = t.get(0).depth();
        if (first.equals("EXPLAIN")) {
            // EXPLAIN ANALYZE runs its statement: what it explains must be a query too.
            int next = t.size() > 1 && t.get(1).isWord("ANALYZE") ? 2 : 1;
            if (next >= t.size()) {
                return new Query(text);
            }
            classifyQuery(script, t.subList(next, t.size()));
            return new Query(text);
        }
        for (Token token : t) {
            if (token.depth() != base) {
                continue;
            }
            if (first.equals("WITH") && token.kind() == Kind.WORD
                    && Set.of("INSERT", "UPDATE", "DELETE", "MERGE").contains(upper(token))) {
                throw refused(upper(token), text);
            }
            if (first.equals("PRAGMA") && token.isSymbol('=')) {
                throw refused("PRAGMA setting", text);
            }
        }
        return new Query(text);
    }

    /** The statement in {@code t} must be a query, else the refusal names its kind. */
    private static void classifyQuery(String script, List<Token> t) {
        SqlStatement inner = classify(script, t);
        if (!(inner instanceof Query)) {
            String text = script.substring(t.get(0).start(), t.get(t.size() - 1).end());
            throw refused(kindOf(t) + " inside another statement", text);
        }
    }

    private static SqlStatement drop(List<Token> t, String text) {
        int i = 1;
        if (i >= t.size() || !t.get(i).isWord("TABLE")) {
            throw refused(kindOf(t), text);
        }
        i++;
        boolean ifExists = i + 1 < t.size() && t.get(i).isWord("IF") && t.get(i + 1).isWord("EXISTS");
        i += ifExists ? 2 : 0;
        String name = tableName(t, i, text);
        i++;
        if (i < t.size() && (t.get(i).isWord("CASCADE") || t.get(i).isWord("RESTRICT"))) {
            i++;
        }
        if (i < t.size()) {
            throw new SqlRefusedException("DROP TABLE", "DROP TABLE takes one table name: " + text);
        }
        return new DropTable(text, name, ifExists);
    }

    private static SqlStatement create(String script, List<Token> t, String text) {
        int i = 1;
        boolean orReplace = i + 1 < t.size() && t.get(i).isWord("OR") && t.get(i + 1).isWord("REPLACE");
        i += orReplace ? 2 : 0;
        if (i < t.size() && (t.get(i).isWord("TEMP") || t.get(i).isWord("TEMPORARY"))) {
            i++;
        }
        if (i >= t.size() || !t.get(i).isWord("TABLE")) {
            throw refused(kindOf(t), text);
        }
        i++;
        boolean ifNotExists = i + 2 < t.size() && t.get(i).isWord("IF") && t.get(i + 1).isWord("NOT")
                && t.get(i + 2).isWord("EXISTS");
        i += ifNotExists ? 3 : 0;
        String name = tableName(t, i, text);
        i++;
        if (i >= t.size() || !t.get(i).isWord("AS") || i + 1 >= t.size()) {
            throw new SqlRefusedException("CREATE TABLE", "only CREATE TABLE name AS query runs here (lmlab's tables"
                    + " are filled by queries, not by INSERT): " + text
                    + "\n  instead: CREATE TABLE " + name + " AS SELECT ..., or %table load PATH --as " + name);
        }
        List<Token> rest = t.subList(i + 1, t.size());
        classifyQuery(script, rest);
        String query = script.substring(rest.get(0).start(), rest.get(rest.size() - 1).end());
        return new CreateTableAs(text, name, query, orReplace, ifNotExists);
    }

    private static SqlStatement copy(String script, List<Token> t, String text) {
        int base = t.get(0).depth();
        for (int i = 1; i < t.size(); i++) {
            Token token = t.get(i);
            if (token.depth() != base) {
                continue;
            }
            if (token.isWord("FROM")) {
                throw new SqlRefusedException("COPY ... FROM", "COPY ... FROM would insert rows into a table behind"
                        + " lmlab's catalog: " + text + "\n  instead: %table load PATH --as NAME");
            }
            if (token.isWord("TO")) {
                if (i + 1 >= t.size() || t.get(i + 1).kind() != Kind.STRING) {
                    throw new SqlRefusedException("COPY ... TO", "COPY ... TO needs a file name in quotes: " + text);
                }
                if (t.get(1).isSymbol('(')) {
                    classifyQuery(script, t.subList(2, i - 1));
                }
                return new CopyTo(text, t.get(i + 1).stringValue());
            }
        }
        throw refused("COPY", text);
    }

    /** The unqualified table name at {@code t[i]}. */
    private static String tableName(List<Token> t, int i, String text) {
        if (i >= t.size() || (t.get(i).kind() != Kind.WORD && t.get(i).kind() != Kind.QUOTED)) {
            throw new SqlRefusedException("syntax", "expected a table name in: " + text);
        }
        if (i + 1 < t.size() && t.get(i + 1).isSymbol('.')) {
            throw new SqlRefusedException("qualified name", "lmlab's tables have plain names, not schema.table or"
                    + " database.table: " + text);
        }
        return t.get(i).name();
    }

    /** The leading keywords that name a statement's kind: "INSERT", "ALTER TABLE", "CREATE VIEW". */
    private static String kindOf(List<Token> t) {
        String first = upper(t.get(0));
        if (Set.of("CREATE", "DROP", "ALTER").contains(first) && t.size() > 1 && t.get(1).kind() == Kind.WORD) {
            int i = 1;
            if (t.get(i).isWord("OR") && t.size() > i + 2) {
                i += 2;
            }
            return first + " " + upper(t.get(i));
        }
        return first;
    }

    private static SqlRefusedException refused(String kind, String text) {
        String first = kind.split(" ")[0];
        String advice = switch (first) {
            case "INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE", "ALTER" ->
                "lmlab's tables are immutable Arrow tables; derive a new one instead:"
                    + " CREATE OR REPLACE TABLE NAME AS SELECT ..., or %%sql -o NAME with a SELECT";
            case "ATTACH", "DETACH", "USE", "IMPORT", "EXPORT" ->
                "DuckDB here sees only lmlab's named tables; read files with %table load PATH --as NAME,"
                    + " or query them in place: SELECT * FROM read_parquet('PATH')";
            case "INSTALL", "LOAD", "FORCE" -> "extensions are not installed from %%sql; read files with"
                    + " %table load PATH --as NAME";
            case "SET", "RESET", "PRAGMA" -> "session settings are fixed by lmlab (they would outlive the cell);"
                    + " compute in the query instead";
            case "BEGIN", "START", "COMMIT", "ROLLBACK", "ABORT", "END", "CHECKPOINT", "VACUUM" ->
                "transactions and storage commands do not apply: each %%sql cell runs on its own";
            case "CALL" -> "call table functions in a query: SELECT * FROM function(...)";
            case "CREATE", "DROP" -> "only CREATE TABLE name AS query and DROP TABLE name change lmlab's tables;"
                    + " use those, or a query";
            default -> "%%sql runs queries, CREATE TABLE name AS query, DROP TABLE name and COPY ... TO 'file'";
        };
        return new SqlRefusedException(kind, kind + " is not run (refused before anything in the cell ran): "
                + abbreviate(text) + "\n  " + advice);
    }

    private static String upper(Token token) {
        return token.text().toUpperCase(Locale.ROOT);
    }

    private static String abbreviate(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }
}
