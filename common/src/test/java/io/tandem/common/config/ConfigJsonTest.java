package io.tandem.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ConfigJsonTest {
    @Test
    void readsKeaCommentsAndATrailingComma() throws ConfigException {
        JsonNode tree = ConfigJson.read("""
                // a line comment
                # a shell comment, as Kea allows
                { "Dhcp6": { /* a block comment */ "valid-lifetime": 4000, }, }
                """, "");
        assertEquals(4000, tree.path("Dhcp6").path("valid-lifetime").intValue());
    }

    @Test
    void aSyntaxErrorSaysItsLineAndColumn() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigJson.read("{\n  \"Dhcp6\": {\n    \"valid-lifetime\" 4000\n  }\n}\n", "dhcp6d.json"));
        ConfigProblem error = e.errors().get(0);
        assertEquals("dhcp6d.json", error.location());
        assertTrue(error.message().startsWith("line 3, column 22: invalid JSON"), error.message());
        assertTrue(e.getMessage().startsWith("error: dhcp6d.json: line 3, column 22: "), e.getMessage());
    }

    @Test
    void aKeyGivenTwiceIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigJson.read("{\"a\": 1,\n \"a\": 2}", ""));
        assertTrue(e.errors().get(0).message().contains("line 2"), e.getMessage());
        assertTrue(e.errors().get(0).message().contains("Duplicate field 'a'"), e.getMessage());
    }

    @Test
    void emptyTextIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigJson.read("  // nothing\n", ""));
        assertEquals("error: no JSON value; expected an object", e.getMessage());
    }
}
