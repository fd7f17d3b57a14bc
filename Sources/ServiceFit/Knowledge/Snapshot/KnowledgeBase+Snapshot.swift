// Each value of the knowledge base in snapshot form, field by field. A field added to the model
// must be added here too: `SnapshotTests` compares a read-back snapshot with the rules it came
// from, value by value, and fails on any field that does not survive.

extension Language: SnapshotCodable {}
extension Provider: SnapshotCodable {}
extension Strength: SnapshotCodable {}
extension Tag.Kind: SnapshotCodable {}

extension SourceLocation: SnapshotCodable {
    func write(to writer: SnapshotWriter) {
        writer.write(file)
        line.write(to: writer)
        column.write(to: writer)
    }

    init(snapshot reader: SnapshotReader) throws {
        self.init(file: try reader.readString(), line: try Int(snapshot: reader), column: try Int(snapshot: reader))
    }
}

extension Phrases: SnapshotCodable {
    func write(to writer: SnapshotWriter) {
        writer.write(UInt32(truncatingIfNeeded: byLanguage.count))
        for language in Language.allCases {
            guard let phrases = byLanguage[language] else { continue }
            language.write(to: writer)
            phrases.write(to: writer)
        }
    }

    init(snapshot reader: SnapshotReader) throws {
        var byLanguage: [Language: [String]] = [:]
        for _ in 0..<(try reader.readCount()) {
            let language = try Language(snapshot: reader)
            byLanguage[language] = try reader.readList()
        }
        self.init(byLanguage)
    }
}

extension OptionText: SnapshotCodable {
    func write(to writer: SnapshotWriter) {
        writer.write(letter)
        writer.write(text)
    }

    init(snapshot reader: SnapshotReader) throws {
        self.init(letter: try reader.readString(), text: try reader.readString())
    }
}

extension KnowledgeExample: SnapshotCodable {
    func write(to writer: SnapshotWriter) {
        writer.write(text)
        writer.writeOptional(raises)
        options.write(to: writer)
        answer.write(to: writer)
        location.write(to: writer)
    }

    init(snapshot reader: SnapshotReader) throws {
        self.init(text: try reader.readString(), raises: try reader.readOptional(), options: try reader.readList(),
                  answer: try reader.readList(), location: try SourceLocation(snapshot: reader))
    }
}

extension Tag: SnapshotCodable {
    func write(to writer: SnapshotWriter) {
        writer.write(id)
        kind.write(to: writer)
        writer.write(meaning)
        implies.write(to: writer)
        conflicts.write(to: writer)
        phrases.write(to: writer)
        negated.write(to: writer)
        examples.write(to: writer)
        location.write(to: writer)
        raisedBy.write(to: writer)
        writer.writeOptional(writtenLabel)
        writer.writeOptional(writtenJapaneseLabel)
    }

    init(snapshot reader: SnapshotReader) throws {
        self.init(id: try reader.readString(), kind: try Kind(snapshot: reader), meaning: try reader.readString(),
                  implies: try reader.readList(), conflicts: try reader.readList(), phrases: try Phrases(snapshot: reader),
                  negated: try Phrases(snapshot: reader), examples: try reader.readList(),
                  location: try SourceLocation(snapshot: reader), raisedBy: try reader.readList(), writtenLabel: try reader.readOptional(),
                  writtenJapaneseLabel: try reader.readOptional())
    }
}

extension Shortcoming: SnapshotCodable {
    func write(to writer: SnapshotWriter) {
        writer.write(tag)
        writer.write(because)
        writer.writeOptional(becauseJa)
        location.write(to: writer)
    }

    init(snapshot reader: SnapshotReader) throws {
        self.init(tag: try reader.readString(), because: try reader.readString(), becauseJa: try reader.readOptional(),
                  location: try SourceLocation(snapshot: reader))
    }
}

extension Service: SnapshotCodable {
    func write(to writer: SnapshotWriter) {
        writer.write(id)
        writer.write(name)
        formerNames.write(to: writer)
        aliases.write(to: writer)
        provider.write(to: writer)
        writer.write(category)
        writer.writeOptional(stage)
        writer.writeOptional(parent)
        writer.writeDictionary(provides)
        violates.write(to: writer)
        weakAt.write(to: writer)
        notes.write(to: writer)
        writer.writeOptional(retired)
        writer.writeOptional(closedToNewCustomers)
        examples.write(to: writer)
        location.write(to: writer)
        writer.writeOptional(japaneseName)
    }

    init(snapshot reader: SnapshotReader) throws {
        self.init(id: try reader.readString(), name: try reader.readString(), formerNames: try reader.readList(),
                  aliases: try reader.readList(), provider: try Provider(snapshot: reader), category: try reader.readString(),
                  stage: try reader.readOptional(), parent: try reader.readOptional(), provides: try reader.readDictionary(),
                  violates: try reader.readList(), weakAt: try reader.readList(), notes: try reader.readList(),
                  retired: try reader.readOptional(), closedToNewCustomers: try reader.readOptional(), examples: try reader.readList(),
                  location: try SourceLocation(snapshot: reader), japaneseName: try reader.readOptional())
    }
}

extension Modifier: SnapshotCodable {
    func write(to writer: SnapshotWriter) {
        writer.write(id)
        writer.write(meaning)
        phrases.write(to: writer)
        writer.writeDictionary(provides)
        violates.write(to: writer)
        weakAt.write(to: writer)
        examples.write(to: writer)
        location.write(to: writer)
        writer.writeOptional(writtenLabel)
    }

    init(snapshot reader: SnapshotReader) throws {
        self.init(id: try reader.readString(), meaning: try reader.readString(), phrases: try Phrases(snapshot: reader),
                  provides: try reader.readDictionary(), violates: try reader.readList(), weakAt: try reader.readList(),
                  examples: try reader.readList(), location: try SourceLocation(snapshot: reader), writtenLabel: try reader.readOptional())
    }
}

extension PreferenceRule: SnapshotCodable {
    func write(to writer: SnapshotWriter) {
        writer.write(id)
        when.write(to: writer)
        whenAny.write(to: writer)
        prefer.write(to: writer)
        penalize.write(to: writer)
        writer.write(weight)
        writer.write(because)
        writer.writeOptional(becauseJa)
        examples.write(to: writer)
        location.write(to: writer)
    }

    init(snapshot reader: SnapshotReader) throws {
        self.init(id: try reader.readString(), when: try reader.readList(), whenAny: try reader.readList(),
                  prefer: try reader.readList(), penalize: try reader.readList(), weight: try reader.readDouble(),
                  because: try reader.readString(), becauseJa: try reader.readOptional(), examples: try reader.readList(),
                  location: try SourceLocation(snapshot: reader))
    }
}

extension CatalogProduct: SnapshotCodable {
    func write(to writer: SnapshotWriter) {
        writer.write(name)
        aliases.write(to: writer)
        provider.write(to: writer)
        location.write(to: writer)
    }

    init(snapshot reader: SnapshotReader) throws {
        self.init(name: try reader.readString(), aliases: try reader.readList(), provider: try Provider(snapshot: reader),
                  location: try SourceLocation(snapshot: reader))
    }
}

extension LanguageCues: SnapshotCodable {
    func write(to writer: SnapshotWriter) {
        negationTemplates.write(to: writer)
        coordinators.write(to: writer)
        articles.write(to: writer)
        nounEndingParticles.write(to: writer)
        writer.write(UInt32(truncatingIfNeeded: selectCount.count))
        for cue in selectCount {
            cue.count.write(to: writer)
            cue.phrases.write(to: writer)
        }
        writer.write(UInt32(truncatingIfNeeded: productPrefixes.count))
        for provider in Provider.allCases {
            guard let prefixes = productPrefixes[provider] else { continue }
            provider.write(to: writer)
            prefixes.write(to: writer)
        }
        notProducts.write(to: writer)
    }

    init(snapshot reader: SnapshotReader) throws {
        self.init()
        negationTemplates = try Phrases(snapshot: reader)
        coordinators = try Phrases(snapshot: reader)
        articles = try Phrases(snapshot: reader)
        nounEndingParticles = try Phrases(snapshot: reader)
        for _ in 0..<(try reader.readCount()) {
            selectCount.append((count: try Int(snapshot: reader), phrases: try Phrases(snapshot: reader)))
        }
        for _ in 0..<(try reader.readCount()) {
            let provider = try Provider(snapshot: reader)
            productPrefixes[provider] = try reader.readList()
        }
        notProducts = try reader.readList()
    }
}

extension KnowledgeBase: SnapshotCodable {
    func write(to writer: SnapshotWriter) {
        writer.writeDictionary(tags)
        writer.writeDictionary(services)
        writer.writeDictionary(modifiers)
        rules.write(to: writer)
        catalog.write(to: writer)
        language.write(to: writer)
        writer.writeDictionary(scoring.values)
    }

    init(snapshot reader: SnapshotReader) throws {
        self.init(tags: try reader.readDictionary(), services: try reader.readDictionary(),
                  modifiers: try reader.readDictionary(), rules: try reader.readList(), catalog: try reader.readList(),
                  language: try LanguageCues(snapshot: reader), scoring: ScoringWeights(values: try reader.readDictionary()))
    }
}
