package io.tandem.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ConfigNodeTest {
    private final ConfigProblems problems = new ConfigProblems();

    private ConfigNode node(String json) throws ConfigException {
        return ConfigNode.root(ConfigJson.read(json, ""), "/Dhcp6", problems);
    }

    private List<String> errors() {
        return problems.errors().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void readsValuesWithTheirDefaults() throws ConfigException {
        ConfigNode node = node("{\"valid-lifetime\": 4000, \"rapid-commit\": true, \"name\": \"frog\"}");
        assertEquals(4000, node.integer("valid-lifetime", 0, 0xffffffffL, 7200));
        assertEquals(3600, node.integer("preferred-lifetime", 0, 0xffffffffL, 3600));
        assertTrue(node.bool("rapid-commit", false));
        assertEquals("frog", node.string("name", ""));
        assertFalse(problems.hasErrors());
    }

    @Test
    void aWrongTypeNamesThePointerAndWhatWasExpected() throws ConfigException {
        ConfigNode node = node("{\"valid-lifetime\": \"7200\", \"rapid-commit\": 1, \"subnet6\": {}}");
        assertEquals(OptionalLong.empty(), node.optionalInteger("valid-lifetime", 0, 0xffffffffL));
        assertEquals(Optional.empty(), node.optionalBool("rapid-commit"));
        assertEquals(List.of(), node.objects("subnet6"));
        assertEquals(List.of(
                "error: /Dhcp6/valid-lifetime: expected an integer from 0 to 4294967295, got the string \"7200\"",
                "error: /Dhcp6/rapid-commit: expected true or false, got the number 1",
                "error: /Dhcp6/subnet6: expected an array, got an object"), errors());
    }

    @Test
    void aValueThatDoesNotParseIsQuotedWithTheReason() throws ConfigException {
        ConfigNode node = node("{\"subnet6\": [{\"subnet\": \"2001:db8::1\"}, {\"subnet\": \"2001:db8::/129\"}]}");
        List<ConfigNode> subnets = node.objects("subnet6");
        subnets.forEach(subnet -> subnet.value("subnet", Prefix6.TYPE));
        assertEquals(List.of(
                "error: /Dhcp6/subnet6/0/subnet: expected an IPv6 prefix like 2001:db8:1::/64, got \"2001:db8::1\": no /length",
                "error: /Dhcp6/subnet6/1/subnet: expected an IPv6 prefix like 2001:db8:1::/64, got \"2001:db8::/129\":"
                        + " prefix length 129 is not from 0 to 128"), errors());
    }

    @Test
    void aMissingRequiredValueIsAnError() throws ConfigException {
        node("{}").value("subnet", Prefix6.TYPE);
        assertEquals(List.of("error: /Dhcp6/subnet: missing; expected an IPv6 prefix like 2001:db8:1::/64"), errors());
    }

    @Test
    void finishReportsUnknownKeysAsErrorsAndKeaKeysAsWarnings() throws ConfigException {
        ConfigNode node = node("{\"valid-lifetme\": 1, \"loggers\": [], \"subnet6\": []}");
        node.finish(List.of("valid-lifetime", "subnet6"), List.of("loggers"));
        assertEquals(List.of("error: /Dhcp6/valid-lifetme: unknown key (did you mean \"valid-lifetime\"?);"
                + " expected one of subnet6, valid-lifetime"), errors());
        assertEquals(List.of("warning: /Dhcp6/loggers: Kea key not implemented by Tandem, ignored"),
                problems.warnings().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void aKeaKeyRepeatedInManyPlacesIsOneWarning() throws ConfigException {
        ConfigNode node = node("{\"subnet6\": [{\"comment\": \"a\"}, {\"comment\": \"b\"}, {\"comment\": \"c\"},"
                + " {\"comment\": \"d\"}, {\"comment\": \"e\"}, {\"comment\": \"f\"}]}");
        node.objects("subnet6").forEach(subnet -> subnet.finish(List.of(), List.of("comment")));
        assertEquals(List.of("warning: /Dhcp6/subnet6/0/comment: Kea key not implemented by Tandem, ignored (also at"
                + " /Dhcp6/subnet6/1/comment, /Dhcp6/subnet6/2/comment, /Dhcp6/subnet6/3/comment and 2 more)"),
                problems.warnings().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void pointersEscapeSlashAndTilde() throws ConfigException {
        assertEquals("/Dhcp6/a~1b~0c", node("{}").pointer("a/b~c"));
    }

    @Test
    void problemsBecomeOneExceptionWithEveryError() throws ConfigException {
        ConfigNode node = node("{\"a\": \"x\", \"b\": \"y\"}");
        node.optionalInteger("a", 0, 1);
        node.optionalInteger("b", 0, 1);
        node.warning("c", "just so you know");
        ConfigException e = assertThrows(ConfigException.class, () -> problems.result("config"));
        assertEquals(2, e.errors().size());
        assertEquals(1, e.warnings().size());
        assertEquals(3, e.getMessage().lines().count());
    }
}
