package org.lmlab.model.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrecisionTest {

    @Test
    void namesParseInTheSpellingsUsersType() {
        assertEquals(Precision.F32, Precision.parse("f32"));
        assertEquals(Precision.F32, Precision.parse("float32"));
        assertEquals(Precision.F16, Precision.parse("FP16"));
        assertEquals(Precision.F16, Precision.parse(" f16 "));
        assertEquals(2, Precision.F16.bytes());
        assertEquals(4, Precision.F32.bytes());
    }

    @Test
    void bf16AndUnknownNamesSayWhatToUseInstead() {
        IllegalArgumentException bf16 = assertThrows(IllegalArgumentException.class, () -> Precision.parse("bf16"));
        assertTrue(bf16.getMessage().contains("use f16"), bf16.getMessage());
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> Precision.parse("int8"));
        assertEquals("unknown dtype 'int8': expected one of f32, f16", other.getMessage());
    }
}
