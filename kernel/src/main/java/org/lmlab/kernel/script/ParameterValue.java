package org.lmlab.kernel.script;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a {@code --param NAME=TEXT} into a typed Java declaration, {@code TYPE NAME = LITERAL;},
 * the type being the one the parameters cell declares (for {@code var}: the type of its default).
 * Text that is not a value of that type is refused before anything runs.
 */
final class ParameterValue {

    static final String SUPPORTED = "int, long, short, byte, double, float, boolean, char, String, "
            + "their boxed types, arrays of them and List<...> of them";

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern LIST_TYPE = Pattern.compile("(?:java\\.util\\.)?(?:List|Collection|Iterable)<(.+)>");
    private static final Pattern LIST_OF = Pattern.compile("(?:java\\.util\\.)?(?:List\\.of|Arrays\\.asList)\\((.*)\\)");

    private ParameterValue() {
    }

    /** The declaration that re-declares {@code declared} with the value {@code text}. */
    static String declaration(ParameterDeclaration declared, String text) throws ParameterException {
        String type = declared.type().equals("var") ? inferredType(declared) : declared.type();
        return type + " " + declared.name() + " = " + literal(declared, type, text) + ";";
    }

    private static String literal(ParameterDeclaration declared, String type, String text) throws ParameterException {
        Matcher list = LIST_TYPE.matcher(type);
        if (list.matches()) {
            return "List.of(" + String.join(", ", elements(declared, boxed(list.group(1)), text)) + ")";
        }
        if (type.endsWith("[]")) {
            String element = type.substring(0, type.length() - 2);
            return "new " + type + " {" + String.join(", ", elements(declared, element, text)) + "}";
        }
        return scalar(declared, type, text);
    }

    private static List<String> elements(ParameterDeclaration declared, String elementType, String text)
            throws ParameterException {
        String inner = text.strip();
        if (inner.startsWith("[") && inner.endsWith("]")) {
            inner = inner.substring(1, inner.length() - 1);
        }
        List<String> literals = new ArrayList<>();
        if (inner.isBlank()) {
            return literals;
        }
        for (String item : inner.split(",", -1)) {
            String element = item.strip();
            if (element.length() >= 2 && element.startsWith("\"") && element.endsWith("\"")) {
                element = element.substring(1, element.length() - 1);
            }
            try {
                literals.add(scalar(declared, elementType, element));
            } catch (ParameterException e) {
                throw new ParameterException(e.getMessage().replace("--param " + declared.name() + "=" + element + ":",
                        "--param " + declared.name() + "=" + text + ":") + " (each item of the comma-separated list)");
            }
        }
        return literals;
    }

    private static String scalar(ParameterDeclaration declared, String type, String text) throws ParameterException {
        String t = type.startsWith("java.lang.") ? type.substring("java.lang.".length()) : type;
        switch (t) {
            case "int", "Integer":
                return integer(declared, text, Integer.MIN_VALUE, Integer.MAX_VALUE, "");
            case "long", "Long":
                return integer(declared, text, Long.MIN_VALUE, Long.MAX_VALUE, "L");
            case "short", "Short":
                return "(short) " + integer(declared, text, Short.MIN_VALUE, Short.MAX_VALUE, "");
            case "byte", "Byte":
                return "(byte) " + integer(declared, text, Byte.MIN_VALUE, Byte.MAX_VALUE, "");
            case "double", "Double":
                return decimal(declared, text, false);
            case "float", "Float":
                return decimal(declared, text, true);
            case "boolean", "Boolean":
                if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                    return text.toLowerCase(Locale.ROOT);
                }
                throw wrongType(declared, text, "true or false");
            case "char", "Character":
                if (text.length() == 1) {
                    return "'" + escaped(text, '\'') + "'";
                }
                throw wrongType(declared, text, "a single character");
            case "String", "CharSequence":
                return "\"" + escaped(text, '"') + "\"";
            default:
                throw new ParameterException("--param " + declared.name() + ": the parameters cell declares it as "
                        + declared.type() + ", which --param cannot set; it sets " + SUPPORTED
                        + " (declare it as a String and convert it in a later cell)");
        }
    }

    private static String integer(ParameterDeclaration declared, String text, long min, long max, String suffix)
            throws ParameterException {
        String digits = text.strip();
        if (!INTEGER.matcher(digits).matches()) {
            throw wrongType(declared, text, "a whole number");
        }
        BigInteger value = new BigInteger(digits);
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw wrongType(declared, text, "a whole number from " + min + " to " + max);
        }
        return value + suffix;
    }

    private static String decimal(ParameterDeclaration declared, String text, boolean single) throws ParameterException {
        String number = text.strip();
        String box = single ? "Float" : "Double";
        switch (number) {
            case "NaN", "nan":
                return box + ".NaN";
            case "Infinity", "+Infinity", "inf", "+inf":
                return box + ".POSITIVE_INFINITY";
            case "-Infinity", "-inf":
                return box + ".NEGATIVE_INFINITY";
            default:
                break;
        }
        if (!DECIMAL.matcher(number).matches()) {
            throw wrongType(declared, text, "a number");
        }
        double value = Double.parseDouble(number);
        if (single) {
            float f = (float) value;
            if (Float.isInfinite(f)) {
                throw wrongType(declared, text, "a number within float's range");
            }
            return Float.toString(f) + "f";
        }
        if (Double.isInfinite(value)) {
            throw wrongType(declared, text, "a number within double's range");
        }
        return Double.toString(value);
    }

    /** Java source escapes; octal for other control characters (a \\u escape would end the literal early). */
    static String escaped(String text, char quote) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '\\' || c == quote) {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\%03o", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static ParameterException wrongType(ParameterDeclaration declared, String text, String expected) {
        return new ParameterException("--param " + declared.name() + "=" + text + ": " + declared.name()
                + " is declared as " + declared.type() + " in the parameters cell (" + declared.type() + " "
                + declared.name() + " = " + declared.initializer() + ";), so the value must be " + expected);
    }

    private static String boxed(String type) {
        switch (type) {
            case "int":
                return "Integer";
            case "char":
                return "Character";
            default:
                return type.length() > 0 && Character.isLowerCase(type.charAt(0)) && !type.contains(".")
                        ? Character.toUpperCase(type.charAt(0)) + type.substring(1) : type;
        }
    }

    /** The type a {@code var} default has, read from its literal; for a list, from its first element. */
    private static String inferredType(ParameterDeclaration declared) throws ParameterException {
        String init = declared.initializer().strip();
        Matcher list = LIST_OF.matcher(init);
        if (list.matches()) {
            String first = list.group(1).split(",")[0].strip();
            String element = literalType(first);
            if (element != null) {
                return "List<" + boxed(element) + ">";
            }
        } else {
            String scalar = literalType(init);
            if (scalar != null) {
                return scalar;
            }
        }
        throw new ParameterException("--param " + declared.name() + ": the parameters cell declares it as var "
                + declared.name() + " = " + declared.initializer() + "; and its type cannot be read from that value:"
                + " declare it with a type (" + SUPPORTED + ")");
    }

    private static String literalType(String literal) {
        if (INTEGER.matcher(literal).matches()) {
            return "int";
        }
        if (literal.matches("[+-]?\\d+[lL]")) {
            return "long";
        }
        if (DECIMAL.matcher(literal).matches() || literal.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?[dD]")) {
            return "double";
        }
        if (literal.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?[fF]")) {
            return "float";
        }
        if (literal.equals("true") || literal.equals("false")) {
            return "boolean";
        }
        if (literal.startsWith("\"") && literal.endsWith("\"") && literal.length() >= 2) {
            return "String";
        }
        return null;
    }
}
