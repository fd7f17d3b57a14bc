import Testing
@testable import ServiceFit

/// The engine's id tables answer exactly as the dictionaries they are built from.
@Suite struct IDTableTests {
    @Test func everyIdOfTheKnowledgeFindsItsEntryAndNothingElse() {
        let knowledge = Bundled.engine.knowledge
        let index = Bundled.engine.index
        #expect(index.tags.count == knowledge.tags.count)
        #expect(index.services.count == knowledge.services.count)
        #expect(index.modifiers.count == knowledge.modifiers.count)
        for id in knowledge.tags.keys { #expect(index.tags[id]?.label == knowledge.tags[id]?.label, "\(id)") }
        for id in knowledge.services.keys { #expect(index.services[id]?.id == id) }
        for id in knowledge.modifiers.keys { #expect(index.modifiers[id]?.id == id) }
        for id in knowledge.services.keys where knowledge.modifiers[id] == nil { #expect(index.modifiers[id] == nil, "\(id)") }
    }

    @Test(arguments: [0, 1, 7, 8, 9, 1000])
    func aTableOfAnySizeAgreesWithItsDictionary(size: Int) {
        let entries = Dictionary(uniqueKeysWithValues: (0..<size).map { ("id-\($0)", $0) })
        let table = IDTable(entries)
        #expect(table.count == size)
        for (id, value) in entries { #expect(table[id] == value) }
        // Absent ids: near misses, the empty id, a long one and one that is not ASCII.
        for id in ["id-\(size)", "", "id-", String(repeating: "id-1", count: 40), "ид-1", "id-1 "] {
            #expect(table[id] == nil, "\(id)")
        }
    }
}
