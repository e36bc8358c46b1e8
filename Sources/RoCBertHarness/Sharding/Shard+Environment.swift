import Foundation
import RoCBertCore

extension Shard {
    /// The shard a cluster engine's task is: Kubernetes' Indexed Job sets `JOB_COMPLETION_INDEX`
    /// (the count is the Job's `completions`, which the pod does not see, so it comes from
    /// `shards`); a Slurm array sets `SLURM_ARRAY_TASK_ID`, `SLURM_ARRAY_TASK_MIN` and
    /// `SLURM_ARRAY_TASK_COUNT` (an array `--array=1-4` gives shards 0–3).
    public static func fromEnvironment(_ environment: [String: String], shards: Int?) throws -> Shard {
        func integer(_ name: String) throws -> Int? {
            guard let text = environment[name] else { return nil }
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw RoCBertError(name, "not an integer: \(text)")
            }
            return value
        }
        if let index = try integer("JOB_COMPLETION_INDEX") {
            guard let shards else {
                throw RoCBertError("JOB_COMPLETION_INDEX", "is set (a Kubernetes Indexed Job) but the shard count is not: pass --shards N, N the Job's completions")
            }
            return try Shard(index: index, count: shards, source: "JOB_COMPLETION_INDEX")
        }
        if let id = try integer("SLURM_ARRAY_TASK_ID") {
            // A stepped array (--array=0-10:2) numbers its tasks with gaps: ID − MIN is no shard index.
            if let step = try integer("SLURM_ARRAY_TASK_STEP"), step != 1 {
                throw RoCBertError("SLURM_ARRAY_TASK_STEP", "is \(step): submit the shards as a contiguous array (--array=0-\((shards ?? 2) - 1))")
            }
            let count = try integer("SLURM_ARRAY_TASK_COUNT")
            if let count, let shards, count != shards {
                throw RoCBertError("SLURM_ARRAY_TASK_COUNT", "is \(count) but --shards says \(shards)")
            }
            guard let n = count ?? shards else {
                throw RoCBertError("SLURM_ARRAY_TASK_COUNT", "is not set: pass --shards N")
            }
            return try Shard(index: id - (try integer("SLURM_ARRAY_TASK_MIN") ?? 0), count: n, source: "SLURM_ARRAY_TASK_ID")
        }
        throw RoCBertError("--shard env", "neither SLURM_ARRAY_TASK_ID (a Slurm array job) nor JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set")
    }
}
