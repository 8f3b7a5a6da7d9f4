package org.facelfs.data.pairs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

/**
 * A Pyrolite {@link Unpickler} that only builds plain data: lists, tuples, dicts, sets, strings,
 * bytes, numbers, booleans and None. Every opcode that could name, construct or call anything
 * (GLOBAL, STACK_GLOBAL, INST, OBJ, REDUCE, BUILD, NEWOBJ, NEWOBJ_EX, EXT1/2/4, PERSID, BINPERSID)
 * is refused before it runs, with a message naming the opcode and, for GLOBAL, the referenced
 * name. Python 3 files written with protocol 2 encode {@code bytes} through {@code _codecs.encode}
 * and are therefore refused too: such files must use protocol 3 or later (Python 3's default).
 */
public final class SafeUnpickler extends Unpickler {

    private final String source;

    /** {@code source} names the file in error messages. */
    public SafeUnpickler(String source) {
        this.source = source;
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        String refused = switch (key) {
            case 'c' -> "GLOBAL " + readLine() + "." + readLine();
            case 0x93 -> "STACK_GLOBAL";
            case 'i' -> "INST " + readLine() + "." + readLine();
            case 'o' -> "OBJ";
            case 'R' -> "REDUCE";
            case 'b' -> "BUILD";
            case 0x81 -> "NEWOBJ";
            case 0x92 -> "NEWOBJ_EX";
            case 0x82, 0x83, 0x84 -> "EXT";
            case 'P', 'Q' -> "PERSID";
            default -> null;
        };
        if (refused != null) {
            throw new PickleException(source + ": pickle opcode " + refused + " refused: only plain lists, tuples, bytes/str and "
                    + "bools are accepted, no class or function is ever looked up or called");
        }
        return super.dispatch(key);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            int c = input.read();
            if (c < 0 || c == '\n') {
                break;
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
