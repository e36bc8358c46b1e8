import ArgumentParser
import Foundation
import RoCBert
import RoCBertCore

/// `rocbert bench`: forward throughput of a roc-bert-base-zh-sized classifier with random weights.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time sequence-classification forward passes of a roc-bert-base-zh-sized model (random weights)."
    )

    @Option(help: "Comma-separated batch×seq shapes.")
    var shapes = "1x32,8x64,32x64,16x128"

    @Option(help: "OpenBLAS threads.")
    var threads = 2

    @Option(help: "Timed repetitions per shape (the best is reported).")
    var repeats = 5

    @Option(help: "Layers (12 for the real model; fewer for a quick look).")
    var layers = 12

    @Option(help: "fp32 (sgemm), bf16 (the project's bf16 kernel: AMX or AVX512-BF16 where the CPU has it, else AVX2 on bf16-rounded values) or bf16x3 (fp32 products as three bf16 products on AMX; sgemm without AMX).")
    var precision: Precision = .fp32

    @Option(help: "Instead of classification, time greedy decoding of this many tokens with the key/value cache (causal LM).")
    var decode: Int?

    func run() throws {
        try reportingErrors {
            GEMM.threads = threads
            var config = RoCBertConfig.rocBertBaseZh
            config.numHiddenLayers = layers
            if let decode { return try benchDecoding(config: config, tokens: decode) }
            let binder = WeightBinder.random(seed: 1)
            binder.precision = precision
            if precision != .fp32 { BF16Weights.threads = threads }
            let model = try RoCBertForSequenceClassification(binder, config: config)
            let kernel: String
            switch precision {
            case .fp32: kernel = ""
            case .bf16:
                let attention = BF16Weights.path == "amx" ? "amx" : "sgemm on bf16-rounded operands"
                kernel = " (kernel path: \(BF16Weights.path), attention: \(attention))"
            case .bf16x3: kernel = BF16Weights.path == "amx" ? " (kernel path: amx)" : " (no AMX: sgemm)"
            }
            print("OpenBLAS core: \(GEMM.coreName), threads: \(GEMM.threads), layers: \(layers), precision: \(precision.rawValue)" + kernel)
            // The ceiling is measured again after the shapes: on a shared host it moves while they run.
            let peakBefore = FMAPeak.measure(threads: threads)
            print(String(format: "FP32 FMA peak of %d threads, measured now: %.0f GFLOP/s", threads, peakBefore))
            print("batch×seq   seq/s     ms/batch   GFLOP/s   of FP32 peak")
            for spec in shapes.split(separator: ",") {
                let parts = spec.split(separator: "x").compactMap { Int($0) }
                guard parts.count == 2 else { throw RoCBertError("--shapes", "\(spec) is not BATCHxSEQ") }
                let (b, s) = (parts[0], parts[1])
                var rng = SystemRandomNumberGenerator()
                let inputs = RoCBertInputs(
                    batch: b, seqLength: s, inputIds: (0..<(b * s)).map { _ in Int.random(in: 1..<config.vocabSize, using: &rng) },
                    inputShapeIds: (0..<(b * s)).map { _ in Int.random(in: 1..<config.shapeVocabSize, using: &rng) },
                    inputPronunciationIds: (0..<(b * s)).map { _ in Int.random(in: 1..<config.pronunciationVocabSize, using: &rng) })
                _ = try model(inputs)  // warm-up
                var best = Double.infinity
                for _ in 0..<repeats {
                    let start = DispatchTime.now().uptimeNanoseconds
                    _ = try model(inputs)
                    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                }
                let gflops = ForwardFLOPs.sequenceClassification(config, batch: b, seq: s, labels: config.numLabels) / best / 1e9
                print(String(format: "%-9@ %7.1f %10.1f %9.1f %9.0f %%", "\(b)x\(s)" as NSString, Double(b) / best, best * 1000, gflops,
                             peakBefore > 0 ? gflops / peakBefore * 100 : 0))
            }
            print(String(format: "FP32 FMA peak, measured again: %.0f GFLOP/s", FMAPeak.measure(threads: threads)))
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            print(String(format: "peak memory: %.0f MiB", Double(usage.ru_maxrss) / 1024))
        }
    }

    /// Per-token cost of cached decoding as the prefix grows, beside recomputing the prefix without a cache.
    private func benchDecoding(config base: RoCBertConfig, tokens: Int) throws {
        var config = base
        config.isDecoder = true
        let model = try RoCBertForCausalLM(.random(seed: 2), config: config)
        let (shapes, prons) = (config.shapeVocabSize, config.pronunciationVocabSize)
        let decoder = GreedyDecoder(model: model, sideIds: { ($0 % shapes, $0 % prons) })
        let prompt = RoCBertInputs(batch: 1, seqLength: 8, inputIds: [101, 872, 1962, 8024, 2523, 1069, 1068, 102])
        print("OpenBLAS core: \(GEMM.coreName), threads: \(GEMM.threads), layers: \(config.numHiddenLayers)")
        let steps = try decoder.generate(prompt: prompt, maxNewTokens: tokens)
        print("prefix   cached ms/token   recomputed ms (no cache)")
        var checkpoint = 16
        while checkpoint <= steps.count + 8 {
            // Average of the cached steps around this prefix length; the first step runs the whole prompt.
            let window = steps[max(1, checkpoint - 8 - 4)..<min(steps.count, checkpoint - 8 + 4)]
            let cached = window.map(\.seconds).reduce(0, +) / Double(max(window.count, 1)) * 1000
            var full = RoCBertInputs(batch: 1, seqLength: checkpoint, inputIds: (0..<checkpoint).map { 100 + $0 })
            full.useCache = false
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try model.nextTokenLogits(full)
            let recomputed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            print(String(format: "%6d %17.2f %22.2f", checkpoint, cached, recomputed))
            checkpoint *= 2
        }
    }
}
