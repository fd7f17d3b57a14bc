/// Draws an architecture as a flow: stages left to right, data-flow edges between consecutive
/// stages, cross-cutting components (orchestrate, monitor, secure) in a group of their own.
public protocol ArchitectureDiagram {
    func render(_ architecture: Architecture, knowledge: KnowledgeBase) -> String
}

extension ArchitectureDiagram {
    /// Stage groups in drawing order: flow stages, then cross-cutting ones, then unstaged services.
    func groups(_ architecture: Architecture) -> [(stage: String, components: [ArchitectureComponent], flow: Bool)] {
        var result: [(String, [ArchitectureComponent], Bool)] = []
        for stage in ArchitectureStage.flow {
            let members = architecture.components.filter { $0.stage == stage }
            if !members.isEmpty { result.append((stage, members, true)) }
        }
        let others = architecture.components.filter { !ArchitectureStage.flow.contains($0.stage ?? "") }
        if !others.isEmpty { result.append(("cross-cutting", others, false)) }
        return result
    }

    func caption(_ component: ArchitectureComponent, knowledge: KnowledgeBase) -> [String] {
        let met = component.meets.filter { knowledge.tags[$0.tag]?.kind != .modality }
            .map { (knowledge.tags[$0.tag]?.label ?? $0.tag) + ($0.strength == .partial ? " (partly)" : "") }
        return met.isEmpty ? [component.name] : [component.name, met.prefix(3).joined(separator: ", ")]
    }

    /// Cross-cutting components watch or drive the flow: one dashed edge to its first component.
    func controlEdges(_ architecture: Architecture) -> [(from: String, to: String)] {
        let groups = groups(architecture)
        guard let first = groups.first(where: \.flow)?.components.first else { return [] }
        return groups.filter { !$0.flow }.flatMap(\.components).map { ($0.id, first.id) }
    }
}

/// Mermaid `flowchart LR`, for Markdown READMEs and docs.
public struct MermaidDiagram: ArchitectureDiagram {
    public init() {}

    public func render(_ architecture: Architecture, knowledge: KnowledgeBase) -> String {
        var lines = ["flowchart LR"]
        for group in groups(architecture) {
            lines.append("  subgraph \(Self.identifier("stage", group.stage))[\"\(Self.escape(group.stage))\"]")
            for component in group.components {
                let label = caption(component, knowledge: knowledge).map(Self.escape).joined(separator: "<br/>")
                lines.append("    \(Self.identifier("n", component.id))[\"\(label)\"]")
            }
            lines.append("  end")
        }
        for flow in architecture.flows {
            lines.append("  \(Self.identifier("n", flow.from)) --> \(Self.identifier("n", flow.to))")
        }
        for edge in controlEdges(architecture) {
            lines.append("  \(Self.identifier("n", edge.from)) -.-> \(Self.identifier("n", edge.to))")
        }
        return lines.joined(separator: "\n")
    }

    /// Mermaid ids: letters, digits and underscores only.
    static func identifier(_ prefix: String, _ id: String) -> String {
        prefix + "_" + String(id.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }

    /// Inside a quoted label, quotes and angle brackets must be entities.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "#amp;").replacingOccurrences(of: "\"", with: "#quot;")
            .replacingOccurrences(of: "<", with: "#lt;").replacingOccurrences(of: ">", with: "#gt;")
    }
}

/// Graphviz DOT, for `dot -Tsvg`.
public struct DOTDiagram: ArchitectureDiagram {
    public init() {}

    public func render(_ architecture: Architecture, knowledge: KnowledgeBase) -> String {
        var lines = ["digraph architecture {", "  rankdir=LR;", "  node [shape=box, style=rounded, fontname=\"Helvetica\"];",
                     "  edge [fontname=\"Helvetica\"];"]
        for group in groups(architecture) {
            lines.append("  subgraph \(Self.quote("cluster_" + group.stage)) {")
            lines.append("    label=\(Self.quote(group.stage));")
            if !group.flow { lines.append("    style=dashed;") }
            for component in group.components {
                lines.append("    \(Self.quote(component.id)) [label=\(Self.quote(caption(component, knowledge: knowledge).joined(separator: "\n")))];")
            }
            lines.append("  }")
        }
        for flow in architecture.flows {
            lines.append("  \(Self.quote(flow.from)) -> \(Self.quote(flow.to));")
        }
        for edge in controlEdges(architecture) {
            lines.append("  \(Self.quote(edge.from)) -> \(Self.quote(edge.to)) [style=dashed];")
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    static func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
