import Foundation

/// Reads the tokenizer options a HuggingFace checkpoint keeps in tokenizer_config.json and
/// special_tokens_map.json (both optional).
enum TokenizerConfig {
    /// Which tokenizer a checkpoint folder has and its options, from one read of each file.
    static func load(directory: URL) throws -> (hasSideTables: Bool, options: RoCBertTokenizer.Options) {
        let configURL = directory.appendingPathComponent("tokenizer_config.json")
        let config = try readObject(configURL)
        let sideTables = try hasSideTables(config, path: configURL.path, directory: directory)
        var options: RoCBertTokenizer.Options = sideTables ? .init() : .bertDefaults
        if let config {
            try apply(config, to: &options, path: configURL.path, includeFlags: true)
        }
        // Entries here override tokenizer_config.json, as in the reference's from_pretrained.
        let mapURL = directory.appendingPathComponent("special_tokens_map.json")
        if let map = try readObject(mapURL) {
            try apply(map, to: &options, path: mapURL.path, includeFlags: false)
        }
        return (sideTables, options)
    }

    /// Whether the checkpoint's tokenizer is RoCBert's (shape and pronunciation tables) or BERT's:
    /// tokenizer_config.json's `tokenizer_class` when it names one, else config.json's `model_type`
    /// (`bert` for BERT, RoCBert otherwise, and when there is no config.json).
    private static func hasSideTables(_ config: [String: Any]?, path: String, directory: URL) throws -> Bool {
        if let name = config?["tokenizer_class"] as? String {
            switch name {
            case "RoCBertTokenizer": return true
            case "BertTokenizer", "BertTokenizerFast": return false
            default: throw TokenizerError.unsupportedTokenizer(path: path, name: name)
            }
        }
        let modelURL = directory.appendingPathComponent("config.json")
        return try readObject(modelURL)?["model_type"] as? String != "bert"
    }

    private static func readObject(_ url: URL) throws -> [String: Any]? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TokenizerError.unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        let value: Any
        do { value = try JSONSerialization.jsonObject(with: data) } catch {
            throw TokenizerError.malformedJSON(path: url.path, reason: "not valid JSON")
        }
        guard let object = value as? [String: Any] else {
            throw TokenizerError.malformedJSON(path: url.path, reason: "expected an object at the top level")
        }
        return object
    }

    private static func apply(
        _ object: [String: Any], to options: inout RoCBertTokenizer.Options, path: String, includeFlags: Bool
    ) throws {
        func bool(_ key: String) throws -> Bool? {
            guard let raw = object[key], !(raw is NSNull) else { return nil }
            // JSONSerialization gives NSNumber; a Bool check alone would also accept 0 and 1.
            guard let number = raw as? NSNumber, isBooleanLike(number) else {
                throw TokenizerError.malformedJSON(path: path, reason: "\"\(key)\" must be true or false")
            }
            return number.boolValue
        }
        func token(_ key: String) throws -> String? {
            guard let raw = object[key], !(raw is NSNull) else { return nil }
            if let s = raw as? String { return s }
            if let dict = raw as? [String: Any], let s = dict["content"] as? String { return s }
            throw TokenizerError.malformedJSON(path: path, reason: "\"\(key)\" must be a string or an AddedToken object")
        }
        if includeFlags {
            if let v = try bool("do_lower_case") { options.doLowerCase = v }
            if let v = try bool("do_basic_tokenize") { options.doBasicTokenize = v }
            if let v = try bool("tokenize_chinese_chars") { options.tokenizeChineseChars = v }
            if object.keys.contains("strip_accents") { options.stripAccents = try bool("strip_accents") }
            if let v = try bool("clean_up_tokenization_spaces") { options.cleanUpTokenizationSpaces = v }
            if let raw = object["never_split"], !(raw is NSNull) {
                guard let list = raw as? [String] else {
                    throw TokenizerError.malformedJSON(path: path, reason: "\"never_split\" must be a list of strings")
                }
                options.neverSplit = list
            }
            if let raw = object["model_max_length"], !(raw is NSNull) {
                guard let number = raw as? NSNumber else {
                    throw TokenizerError.malformedJSON(path: path, reason: "\"model_max_length\" must be a number")
                }
                // The reference writes 1e30 for "no limit".
                let value = number.doubleValue
                options.modelMaxLength = value > 0 && value < 1e15 ? Int(value) : nil
            }
        }
        if let v = try token("unk_token") { options.unkToken = v }
        if let v = try token("sep_token") { options.sepToken = v }
        if let v = try token("pad_token") { options.padToken = v }
        if let v = try token("cls_token") { options.clsToken = v }
        if let v = try token("mask_token") { options.maskToken = v }
    }

    private static func isBooleanLike(_ number: NSNumber) -> Bool {
        // swift-corelibs-foundation has no CFBoolean type check; accept 0/1 numbers as booleans.
        let v = number.doubleValue
        return v == 0 || v == 1
    }
}
