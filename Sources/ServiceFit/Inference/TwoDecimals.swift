import Foundation

extension Double {
    /// The value as `String(format: "%.2f", value)` writes it, rounding the exact binary value
    /// half to even, without going through Foundation's formatter: explanations write a score for
    /// every option judged, and the formatter costs more than the rest of the sentence.
    var twoDecimals: String {
        let magnitude = abs(self)
        // Beyond 2^50 hundredths the fast path could not hold the digits exactly; NaN and
        // infinities are the formatter's business too.
        guard isFinite, magnitude < 1e13 else { return String(format: "%.2f", self) }
        let scaled = magnitude * 100
        // `scaled` is rounded; fma recovers what the rounding dropped, so ties are decided on the
        // exact product: magnitude × 100 = scaled + dropped.
        let dropped = (-scaled).addingProduct(magnitude, 100)
        let floor = scaled.rounded(.down)
        // Exact whenever it matters: near a tie the two terms are within a factor of two.
        let aboveHalf = (scaled - floor) - 0.5
        var hundredths = UInt64(floor)
        if aboveHalf > -dropped || (aboveHalf == -dropped && hundredths % 2 == 1) { hundredths += 1 }
        let whole = hundredths / 100, fraction = hundredths % 100
        return (sign == .minus ? "-" : "") + "\(whole)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
