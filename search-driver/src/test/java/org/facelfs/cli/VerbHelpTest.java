package org.facelfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every verb's --help lists each of its options, with the default where it has one. */
class VerbHelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"search", "eval", "report"})
    void helpOfEveryVerbListsEveryOptionAndItsDefault(String verb) {
        CommandLine root = FacelfsCommand.newCommandLine();
        CommandLine sub = root.getSubcommands().get(verb);
        StringWriter out = new StringWriter();
        root.setOut(new PrintWriter(out));
        assertEquals(0, root.execute(verb, "--help"));
        String help = out.toString();
        for (OptionSpec o : sub.getCommandSpec().options()) {
            assertTrue(help.contains(o.longestName()), verb + " --help lacks " + o.longestName() + ":\n" + help);
            if (o.defaultValue() != null) {
                assertTrue(help.contains("Default: " + o.defaultValue()), verb + " --help lacks the default of "
                        + o.longestName() + ":\n" + help);
            }
        }
    }

    @Test
    void aBadOptionIsOneMessageAndExitCodeTwo() {
        CommandLine root = FacelfsCommand.newCommandLine();
        StringWriter err = new StringWriter();
        root.setErr(new PrintWriter(err));
        assertEquals(2, root.execute("search", "--no-such-option"));
        assertTrue(err.toString().contains("Unknown option: '--no-such-option'"), err.toString());
    }
}
