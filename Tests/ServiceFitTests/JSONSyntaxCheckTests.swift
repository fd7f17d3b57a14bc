import Foundation
import Testing
@testable import ServiceFit

/// A JSON Lines line that is not JSON is rejected at the column where it stops being JSON, with
/// what was expected there (Fixtures/ReliabilityTests/banks/invalid-json-columns.jsonl has the
/// cases end to end).
@Suite struct JSONSyntaxCheckTests {
    static func problem(_ line: String) -> String? {
        let bytes = Array(line.utf8)
        return JSONSyntaxCheck.firstProblem(in: bytes).map { "\(JSONSyntaxCheck.column(ofOffset: $0.offset, in: bytes)): \($0.reason)" }
    }

    @Test func eachKindOfMistakeIsPlacedWhereReadingStopped() {
        #expect(Self.problem(#"{"a": 1, "b": [true, false, null, -0.5e+3, "\u00e9\n"]}"#) == nil)
        #expect(Self.problem("  {}  ") == nil)
        #expect(Self.problem("") == "1: the line holds no JSON value")
        #expect(Self.problem(#"{"a" 1}"#) == "6: expected `:` after the key, found `1`")
        #expect(Self.problem(#"{"a": 1 "b": 2}"#) == #"9: expected `,` or `}` in an object, found `"`"#)
        #expect(Self.problem(#"[1 2]"#) == "4: expected `,` or `]` in an array, found `2`")
        #expect(Self.problem(#"{"a": [1, 2}"#) == "12: expected `,` or `]` in an array, found `}`")
        #expect(Self.problem(#"{"a": [1, {"b": 2"#) == "18: the line ends before the JSON value does (missing `}]}`)")
        #expect(Self.problem(#"{"a": 1,}"#) == "9: a `,` with no key after it before `}`; remove the last comma")
        #expect(Self.problem(#"[1,]"#) == "4: a `,` with no value after it before `]`; remove the last comma")
        #expect(Self.problem(#"{a: 1}"#) == "2: `a` cannot start a key: keys are strings in double quotes")
        #expect(Self.problem(#"{"a": 'x'}"#) == "7: `'` cannot start a value: JSON strings are in double quotes")
        #expect(Self.problem(#"{"a": NaN}"#) == "7: `NaN` is not a JSON value (text goes in double quotes)")
        #expect(Self.problem(#"{"a": @}"#) == "7: `@` cannot start a value (expected a string, number, object, array, true, false or null)")
        #expect(Self.problem(#"{"a": nul}"#) == "10: expected `null`")
        #expect(Self.problem(#"{"a": True}"#) == "7: `True` is not a JSON value (text goes in double quotes)")
        #expect(Self.problem("not json at all") == "1: `not` is not a JSON value (text goes in double quotes)")
        #expect(Self.problem(#"[truex]"#) == "2: `truex` is not a JSON value (text goes in double quotes)")
        #expect(Self.problem(#"{"a": 01}"#) == "8: a number cannot have a leading zero")
        #expect(Self.problem(#"{"a": -x}"#) == "8: expected a digit after `-`, found `x`")
        #expect(Self.problem(#"{"a": 1.}"#) == "9: expected a digit after the decimal point")
        #expect(Self.problem(#"{"a": 1e}"#) == "9: expected a digit in the exponent")
        #expect(Self.problem(#"{"a": 1e999}"#) == "7: `1e999` is too large for a number")
        #expect(Self.problem(#"{"a": "\x"}"#) == #"8: `\x` is not a JSON escape (use \" \\ \/ \b \f \n \r \t or \uXXXX)"#)
        #expect(Self.problem(#"{"a": "\u12"}"#) == "8: `\\u` must be followed by four hex digits")
        #expect(Self.problem(#"{"a": "\udc00"}"#) == "8: `\\uDC00` is the second half of a surrogate pair with no first half")
        #expect(Self.problem(#"{"a": "\ud83d\ude00"}"#) == nil)
        #expect(Self.problem("{\"a\": \"x\u{1}y\"}") == "9: a control character (U+0001) inside a string must be written as an escape such as \\t or \\u0000")
        #expect(Self.problem(#"{"a": "open"#) == #"12: the line ends inside the string that opens at column 7 (a closing `"` is missing)"#)
        #expect(Self.problem(#"{} {}"#) == "4: `{` after the end of the JSON value; each line holds exactly one object")
        // Columns count characters, not bytes.
        #expect(Self.problem(#"{"質問": "テキスト" x}"#) == "15: expected `,` or `}` in an object, found `x`")
    }

    @Test func nestingAMillionDeepIsScannedWithoutRecursion() {
        let line = String(repeating: "[", count: 1_000_000)
        #expect(Self.problem(line) == "1000001: the line ends before the JSON value does (1000000 brackets are still open)")
    }

    /// Whatever JSONSerialization refuses, the scan finds a place for (so no rejection falls back
    /// to column 1), over every one-byte deletion and substitution of a real bank line.
    @Test func everyLineJSONSerializationRefusesHasAPlace() {
        let line = Array(#"{"id": "q-1", "question": "Which service \"reads\" text aloud?", "options": {"A": "Amazon Polly", "B": -1.5e3}, "answers": ["A", true, null]}"#.utf8)
        var variants: [[UInt8]] = []
        for index in line.indices {
            var deleted = line
            deleted.remove(at: index)
            variants.append(deleted)
            for byte in Array(#"{}[]:,"\ 0x-e"#.utf8) where byte != line[index] {
                var changed = line
                changed[index] = byte
                variants.append(changed)
            }
        }
        var refused = 0
        for variant in variants {
            guard (try? JSONSerialization.jsonObject(with: Data(variant), options: .fragmentsAllowed)) == nil else { continue }
            refused += 1
            #expect(JSONSyntaxCheck.firstProblem(in: variant) != nil, "\(String(decoding: variant, as: UTF8.self))")
        }
        #expect(refused > 500)
    }
}
