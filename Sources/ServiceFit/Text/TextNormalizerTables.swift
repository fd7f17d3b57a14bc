/// `TextNormalizer.fold` of every scalar in the CJK symbols and punctuation block (U+3000 to
/// U+303F) and then the half- and full-width forms (U+FF00 to U+FFEF), written out: working them
/// out through Foundation's NFKC cost more than a batch check of hundreds of short texts spent
/// on reading them. `TextNormalizerEquivalenceTests.tabledFoldingsAreFoldAsWritten` checks every
/// entry against `fold` and prints the line to put here when one is stale.
extension TextNormalizer {
    static let tabledFoldings: [Folding] = [
        // U+3000
        .whitespace, .text("\u{3001}"), .text("\u{3002}"), .text("\u{3003}"), .text("\u{3004}"), .text("\u{3005}"), .text("\u{3006}"), .text("\u{3007}"),
        .text("\u{3008}"), .text("\u{3009}"), .text("\u{300A}"), .text("\u{300B}"), .text("\u{300C}"), .text("\u{300D}"), .text("\u{300E}"), .text("\u{300F}"),
        .text("\u{3010}"), .text("\u{3011}"), .text("\u{3012}"), .text("\u{3013}"), .text("\u{3014}"), .text("\u{3015}"), .text("\u{3016}"), .text("\u{3017}"),
        .text("\u{3018}"), .text("\u{3019}"), .text("\u{301A}"), .text("\u{301B}"), .text("\u{301C}"), .text("\u{301D}"), .text("\u{301E}"), .text("\u{301F}"),
        .text("\u{3020}"), .text("\u{3021}"), .text("\u{3022}"), .text("\u{3023}"), .text("\u{3024}"), .text("\u{3025}"), .text("\u{3026}"), .text("\u{3027}"),
        .text("\u{3028}"), .text("\u{3029}"), .text("\u{302A}"), .text("\u{302B}"), .text("\u{302C}"), .text("\u{302D}"), .text("\u{302E}"), .text("\u{302F}"),
        .text("\u{3030}"), .text("\u{3031}"), .text("\u{3032}"), .text("\u{3033}"), .text("\u{3034}"), .text("\u{3035}"), .text("\u{3012}"), .text("\u{3037}"),
        .text("\u{5341}"), .text("\u{5344}"), .text("\u{5345}"), .text("\u{303B}"), .text("\u{303C}"), .text("\u{303D}"), .text("\u{303E}"), .text("\u{303F}"),
        // U+FF00
        .text("\u{FF00}"), .text("!"), .text("\""), .text("#"), .text("$"), .text("%"), .text("&"), .text("'"),
        .text("("), .text(")"), .text("*"), .text("+"), .text(","), .text("-"), .text("."), .text("/"),
        .text("0"), .text("1"), .text("2"), .text("3"), .text("4"), .text("5"), .text("6"), .text("7"),
        .text("8"), .text("9"), .text(":"), .text(";"), .text("<"), .text("="), .text(">"), .text("?"),
        .text("@"), .text("a"), .text("b"), .text("c"), .text("d"), .text("e"), .text("f"), .text("g"),
        .text("h"), .text("i"), .text("j"), .text("k"), .text("l"), .text("m"), .text("n"), .text("o"),
        .text("p"), .text("q"), .text("r"), .text("s"), .text("t"), .text("u"), .text("v"), .text("w"),
        .text("x"), .text("y"), .text("z"), .text("["), .text("\\"), .text("]"), .text("^"), .text("_"),
        .text("`"), .text("a"), .text("b"), .text("c"), .text("d"), .text("e"), .text("f"), .text("g"),
        .text("h"), .text("i"), .text("j"), .text("k"), .text("l"), .text("m"), .text("n"), .text("o"),
        .text("p"), .text("q"), .text("r"), .text("s"), .text("t"), .text("u"), .text("v"), .text("w"),
        .text("x"), .text("y"), .text("z"), .text("{"), .text("|"), .text("}"), .text("~"), .text("\u{2985}"),
        .text("\u{2986}"), .text("\u{3002}"), .text("\u{300C}"), .text("\u{300D}"), .text("\u{3001}"), .text("\u{30FB}"), .text("\u{30F2}"), .text("\u{30A1}"),
        .text("\u{30A3}"), .text("\u{30A5}"), .text("\u{30A7}"), .text("\u{30A9}"), .text("\u{30E3}"), .text("\u{30E5}"), .text("\u{30E7}"), .text("\u{30C3}"),
        .text("\u{30FC}"), .text("\u{30A2}"), .text("\u{30A4}"), .text("\u{30A6}"), .text("\u{30A8}"), .text("\u{30AA}"), .text("\u{30AB}"), .text("\u{30AD}"),
        .text("\u{30AF}"), .text("\u{30B1}"), .text("\u{30B3}"), .text("\u{30B5}"), .text("\u{30B7}"), .text("\u{30B9}"), .text("\u{30BB}"), .text("\u{30BD}"),
        .text("\u{30BF}"), .text("\u{30C1}"), .text("\u{30C4}"), .text("\u{30C6}"), .text("\u{30C8}"), .text("\u{30CA}"), .text("\u{30CB}"), .text("\u{30CC}"),
        .text("\u{30CD}"), .text("\u{30CE}"), .text("\u{30CF}"), .text("\u{30D2}"), .text("\u{30D5}"), .text("\u{30D8}"), .text("\u{30DB}"), .text("\u{30DE}"),
        .text("\u{30DF}"), .text("\u{30E0}"), .text("\u{30E1}"), .text("\u{30E2}"), .text("\u{30E4}"), .text("\u{30E6}"), .text("\u{30E8}"), .text("\u{30E9}"),
        .text("\u{30EA}"), .text("\u{30EB}"), .text("\u{30EC}"), .text("\u{30ED}"), .text("\u{30EF}"), .text("\u{30F3}"), .text("\u{3099}"), .text("\u{309A}"),
        .text("\u{1160}"), .text("\u{1100}"), .text("\u{1101}"), .text("\u{11AA}"), .text("\u{1102}"), .text("\u{11AC}"), .text("\u{11AD}"), .text("\u{1103}"),
        .text("\u{1104}"), .text("\u{1105}"), .text("\u{11B0}"), .text("\u{11B1}"), .text("\u{11B2}"), .text("\u{11B3}"), .text("\u{11B4}"), .text("\u{11B5}"),
        .text("\u{111A}"), .text("\u{1106}"), .text("\u{1107}"), .text("\u{1108}"), .text("\u{1121}"), .text("\u{1109}"), .text("\u{110A}"), .text("\u{110B}"),
        .text("\u{110C}"), .text("\u{110D}"), .text("\u{110E}"), .text("\u{110F}"), .text("\u{1110}"), .text("\u{1111}"), .text("\u{1112}"), .text("\u{FFBF}"),
        .text("\u{FFC0}"), .text("\u{FFC1}"), .text("\u{1161}"), .text("\u{1162}"), .text("\u{1163}"), .text("\u{1164}"), .text("\u{1165}"), .text("\u{1166}"),
        .text("\u{FFC8}"), .text("\u{FFC9}"), .text("\u{1167}"), .text("\u{1168}"), .text("\u{1169}"), .text("\u{116A}"), .text("\u{116B}"), .text("\u{116C}"),
        .text("\u{FFD0}"), .text("\u{FFD1}"), .text("\u{116D}"), .text("\u{116E}"), .text("\u{116F}"), .text("\u{1170}"), .text("\u{1171}"), .text("\u{1172}"),
        .text("\u{FFD8}"), .text("\u{FFD9}"), .text("\u{1173}"), .text("\u{1174}"), .text("\u{1175}"), .text("\u{FFDD}"), .text("\u{FFDE}"), .text("\u{FFDF}"),
        .text("\u{A2}"), .text("\u{A3}"), .text("\u{AC}"), .text(" \u{304}"), .text("\u{A6}"), .text("\u{A5}"), .text("\u{20A9}"), .text("\u{FFE7}"),
        .text("\u{2502}"), .text("\u{2190}"), .text("\u{2191}"), .text("\u{2192}"), .text("\u{2193}"), .text("\u{25A0}"), .text("\u{25CB}"), .text("\u{FFEF}"),
    ]
}
