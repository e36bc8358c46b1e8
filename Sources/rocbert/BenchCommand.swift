import ArgumentParser
import Foundation
import RoCBert

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

    func run() throws {
        try reportingErrors {
            GEMM.threads = threads
            var config = RoCBertConfig.rocBertBaseZh
            config.numHiddenLayers = layers
            let model = try RoCBertForSequenceClassification(.random(seed: 1), config: config)
            print("OpenBLAS core: \(GEMM.coreName), threads: \(GEMM.threads), layers: \(layers)")
            print("batch×seq   seq/s     ms/batch   GFLOP/s")
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
                let gflops = config.forwardFLOPs(batch: b, seqLength: s) / best / 1e9
                print(String(format: "%-9@ %7.1f %10.1f %9.1f", "\(b)x\(s)" as NSString, Double(b) / best, best * 1000, gflops))
            }
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            print(String(format: "peak memory: %.0f MiB", Double(usage.ru_maxrss) / 1024))
        }
    }
}
