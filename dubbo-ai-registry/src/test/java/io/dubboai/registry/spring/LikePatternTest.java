package io.dubboai.registry.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The semantics of MLflow's LIKE and ILIKE, and the bounded work of the matcher that replaced a regex. */
class LikePatternTest {

    static Stream<Arguments> like() {
        return Stream.of(
                // pattern, name, LIKE matches
                Arguments.of("churn", "churn", true),
                Arguments.of("churn", "churn2", false),
                Arguments.of("", "", true),
                Arguments.of("", "a", false),
                Arguments.of("%", "", true),
                Arguments.of("%%", "anything", true),
                Arguments.of("churn-%", "churn-v2", true),
                Arguments.of("churn-%", "churn-", true),
                Arguments.of("churn-%", "churn", false),
                Arguments.of("%-v2", "churn-v2", true),
                Arguments.of("%rn%", "churn-v2", true),
                Arguments.of("%a%b%c%", "xaybzc", true),
                Arguments.of("%a%b%c%", "cba", false),
                Arguments.of("a%b%a", "aba", true),
                Arguments.of("a%a", "a", false), // first and last segment may not share the one 'a'
                Arguments.of("a%a", "aa", true),
                Arguments.of("a_c", "abc", true),
                Arguments.of("a_c", "ac", false),
                Arguments.of("a_c", "abbc", false),
                Arguments.of("_%_", "ab", true),
                Arguments.of("_%_", "a", false),
                Arguments.of("%_b_%", "xxabcxx", true),
                // escapes: the next character is literal
                Arguments.of("a\\_b", "a_b", true),
                Arguments.of("a\\_b", "axb", false),
                Arguments.of("100\\%", "100%", true),
                Arguments.of("100\\%", "1000", false),
                Arguments.of("a\\\\b", "a\\b", true),
                Arguments.of("\\a", "a", true),
                // regular-expression metacharacters are plain characters
                Arguments.of("a.c", "abc", false),
                Arguments.of("a.c", "a.c", true),
                Arguments.of("(a+)+$", "(a+)+$", true),
                Arguments.of("[x]*%", "[x]*yy", true),
                Arguments.of("[x]*%", "xyy", false),
                // LIKE is case-sensitive
                Arguments.of("CHURN%", "churn-v2", false));
    }

    @ParameterizedTest(name = "''{1}'' LIKE ''{0}'' is {2}")
    @MethodSource("like")
    void like_matchesLikeSql(String pattern, String name, boolean expected) {
        assertThat(LikePattern.parse(pattern, false).matches(name)).isEqualTo(expected);
    }

    static Stream<Arguments> ilike() {
        return Stream.of(
                Arguments.of("CHURN%", "churn-v2", true),
                Arguments.of("churn%", "CHURN-V2", true),
                Arguments.of("%Fraud_", "my-FRAUDx", true),
                Arguments.of("%fraud", "fraudx", false),
                Arguments.of("a\\_B", "A_b", true),
                Arguments.of("a\\_B", "AxB", false));
    }

    @ParameterizedTest(name = "''{1}'' ILIKE ''{0}'' is {2}")
    @MethodSource("ilike")
    void ilike_ignoresCase(String pattern, String name, boolean expected) {
        assertThat(LikePattern.parse(pattern, true).matches(name)).isEqualTo(expected);
    }

    @Test
    void literalPrefix_isTheTextBeforeTheFirstWildcardForLikeOnly() {
        assertThat(LikePattern.parse("churn-%", false).literalPrefix()).isEqualTo("churn-");
        assertThat(LikePattern.parse("churn", false).literalPrefix()).isEqualTo("churn");
        assertThat(LikePattern.parse("a\\_b%", false).literalPrefix()).isEqualTo("a_b");
        assertThat(LikePattern.parse("ab_c%", false).literalPrefix()).isEqualTo("ab");
        assertThat(LikePattern.parse("%x", false).literalPrefix()).isEmpty();
        assertThat(LikePattern.parse("churn-%", true).literalPrefix()).isEmpty();
    }

    @Test
    void parse_trailingEscape_saysHowToWriteABackslash() {
        assertThatThrownBy(() -> LikePattern.parse("churn\\", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("LIKE pattern 'churn\\' ends with the escape character '\\'; write '\\\\' for a"
                        + " backslash, '\\%' and '\\_' for literal '%' and '_'");
    }

    @Test
    void match_manyWildcardsAgainstALongName_staysWithinItsBoundWhereTheOldRegexExploded() {
        // 25 times "%a", then "%b%": the name is 60 'a's, so there is no 'b' to find
        String pattern = "%a".repeat(25) + "%b%";
        String name = "a".repeat(60);

        LikePattern.Match noMatch = LikePattern.parse(pattern, false).match(name);
        LikePattern.Match match = LikePattern.parse(pattern, false).match(name + "b");

        assertThat(noMatch.matched()).isFalse();
        assertThat(match.matched()).isTrue();
        long bound = (long) (name.length() + 2) * pattern.length();
        assertThat(noMatch.comparisons()).isLessThanOrEqualTo(bound);
        assertThat(match.comparisons()).isLessThanOrEqualTo(bound);

        // the regex the filter used to build from the same pattern reads the name over and over: it tries every
        // placement of the 25 'a's among 60 (about 5e16); stop it after ten million character reads
        Pattern old = oldTranslation(pattern);
        BudgetedText text = new BudgetedText(name, 10_000_000);
        assertThatThrownBy(() -> old.matcher(text).matches()).isInstanceOf(BudgetExceeded.class);
    }

    /** The translation MlflowController.Filter used before LikePattern (for the comparison above only). */
    private static Pattern oldTranslation(String value) {
        StringBuilder regex = new StringBuilder();
        for (char c : value.toCharArray()) {
            regex.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }

    /** A text that counts how often it is read and gives up after a budget. */
    private static final class BudgetedText implements CharSequence {
        private final String text;
        private final long budget;
        private long reads;

        BudgetedText(String text, long budget) {
            this.text = text;
            this.budget = budget;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (++reads > budget) {
                throw new BudgetExceeded();
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    private static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExceeded() {
            super("read budget exceeded", null, false, false);
        }
    }
}
