package org.lmlab.table.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlStatementTest {

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1", "  -- note\n select * from runs", "WITH a AS (SELECT 1) SELECT * FROM a",
            "VALUES (1), (2)", "FROM runs", "SHOW TABLES", "DESCRIBE runs", "SUMMARIZE runs", "EXPLAIN SELECT 1",
            "PRAGMA table_info('runs')", "(SELECT 1) UNION (SELECT 2)", "/* a /* nested */ comment */ SELECT 1"})
    void queriesAreQueries(String sql) {
        assertInstanceOf(SqlStatement.Query.class, SqlStatement.parse(sql).get(0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "INSERT INTO runs VALUES (1)|INSERT|immutable",
            "UPDATE runs SET loss = 0|UPDATE|CREATE OR REPLACE TABLE",
            "ALTER TABLE runs ADD COLUMN x INT|ALTER TABLE|immutable",
            "ATTACH 'x.db' AS x|ATTACH|%table load",
            "INSTALL httpfs|INSTALL|%table load",
            "LOAD httpfs|LOAD|%table load",
            "SET threads = 1|SET|settings",
            "PRAGMA threads = 1|PRAGMA setting|settings",
            "CREATE VIEW v AS SELECT 1|CREATE VIEW|DROP TABLE",
            "DROP VIEW v|DROP VIEW|CREATE TABLE",
            "WITH a AS (SELECT 1) INSERT INTO runs SELECT * FROM a|INSERT|immutable",
            "EXPLAIN ANALYZE DELETE FROM runs|DELETE|immutable",
            "COPY runs FROM 'x.csv'|COPY ... FROM|%table load",
            "CREATE TABLE t (a INT)|CREATE TABLE|CREATE TABLE t AS SELECT",
            "DROP TABLE main.runs|qualified name|plain names",
            "BEGIN TRANSACTION|BEGIN|own"})
    void otherStatementsAreRefusedByKindWithAnAlternative(String sql, String kind, String advice) {
        SqlRefusedException e = assertThrows(SqlRefusedException.class, () -> SqlStatement.parse(sql));
        assertEquals(kind, e.kind());
        assertTrue(e.getMessage().contains(advice), e.getMessage());
    }

    @Test
    void ddlIsParsedIntoItsParts() {
        List<SqlStatement> s = SqlStatement.parse("""
                DROP TABLE IF EXISTS "old runs";
                CREATE OR REPLACE TABLE small AS SELECT * FROM runs WHERE params < 1e8; -- trailing ; and comment
                COPY (SELECT ';' AS x) TO 'out/it''s.csv' (HEADER);
                """);
        assertEquals(new SqlStatement.DropTable("DROP TABLE IF EXISTS \"old runs\"", "old runs", true), s.get(0));
        assertEquals(new SqlStatement.CreateTableAs(
                "CREATE OR REPLACE TABLE small AS SELECT * FROM runs WHERE params < 1e8", "small",
                "SELECT * FROM runs WHERE params < 1e8", true, false), s.get(1));
        assertEquals(new SqlStatement.CopyTo("COPY (SELECT ';' AS x) TO 'out/it''s.csv' (HEADER)", "out/it's.csv"),
                s.get(2));
        assertEquals(3, s.size());
    }

    @Test
    void semicolonsInStringsAndCommentsDoNotSplit() {
        assertEquals(1, SqlStatement.parse("SELECT 'a;b', \"c;d\", $$e;f$$, E'g\\';h' -- ;\n/* ; */").size());
    }

    @Test
    void aBlankScriptIsRefused() {
        assertThrows(SqlRefusedException.class, () -> SqlStatement.parse("-- nothing\n ; "));
    }
}
