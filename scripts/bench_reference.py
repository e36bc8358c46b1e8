"""PyTorch reference throughput for issue 7: RoCBertForSequenceClassification at
roc-bert-base-zh's dimensions with random weights, fp32 eager and bf16 autocast.

Run:  ROCBERT_VENV=/work/main/scripts/.venv python3 scripts/bench_reference.py [--repeats N]

Prints sequences/s and GFLOP/s per batch × sequence shape (best of N after warm-up, 2
threads) and the process's peak RSS. Timings on a shared machine are noisy: the best of
several runs is the figure to compare.

FLOPs per forward (the Swift `rocbert bench` uses the same formula):

    tokens = batch · seq
    per-token matmul parameters
        P_tok = (hidden + shape_embed_dim + pronunciation_embed_dim) · hidden     map_inputs_layer (concat_input;
                                                                                   enabled inputs only)
              + layers · (4 · hidden² + 2 · hidden · intermediate)                 Q, K, V, O, FFN in, FFN out
    per-sequence matmul parameters (first token only)
        P_seq = hidden² + hidden · num_labels                                     pooler, classifier
    attention matmuls per layer and sequence: Q·Kᵀ and P·V, each 2 · seq² · hidden
    FLOPs = 2 · P_tok · tokens + 2 · P_seq · batch + layers · batch · 4 · seq² · hidden

Biases, embeddings lookups, LayerNorm, GELU and softmax are not counted. At 32 × 64 this
is 11.24 GFLOP per sequence (issue 7's ≈180 GFLOP/s at 15.9 seq/s uses the same count).
"""
import reference_venv

reference_venv.ensure("requirements-reference.txt")

import argparse  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402

import torch  # noqa: E402
import transformers  # noqa: E402
from transformers import RoCBertConfig, RoCBertForSequenceClassification  # noqa: E402

SHAPES = [(1, 32), (8, 64), (32, 64), (16, 128)]
THREADS = 2


def base_zh_config() -> RoCBertConfig:
    """roc-bert-base-zh's dimensions (its config.json), two labels."""
    return RoCBertConfig(
        vocab_size=21128, shape_vocab_size=24858, pronunciation_vocab_size=910,
        hidden_size=768, num_hidden_layers=12, num_attention_heads=12, intermediate_size=3072,
        shape_embed_dim=512, pronunciation_embed_dim=768, concat_input=True,
        enable_shape=True, enable_pronunciation=True, num_labels=2,
        max_position_embeddings=512, type_vocab_size=2,
    )


def forward_flops(cfg: RoCBertConfig, batch: int, seq: int) -> int:
    """The formula in the module docstring."""
    h, inter, layers = cfg.hidden_size, cfg.intermediate_size, cfg.num_hidden_layers
    width = h + (cfg.pronunciation_embed_dim if cfg.enable_pronunciation else 0) + (cfg.shape_embed_dim if cfg.enable_shape else 0)
    map_inputs = width * h if cfg.concat_input else 0
    p_tok = map_inputs + layers * (4 * h * h + 2 * h * inter)
    p_seq = h * h + h * cfg.num_labels
    return 2 * p_tok * batch * seq + 2 * p_seq * batch + layers * batch * 4 * seq * seq * h


def inputs(cfg: RoCBertConfig, batch: int, seq: int, gen: torch.Generator) -> dict:
    def ids(vocab):
        return torch.randint(0, vocab, (batch, seq), generator=gen)
    return dict(
        input_ids=ids(cfg.vocab_size),
        input_shape_ids=ids(cfg.shape_vocab_size),
        input_pronunciation_ids=ids(cfg.pronunciation_vocab_size),
        attention_mask=torch.ones(batch, seq, dtype=torch.long),
        token_type_ids=torch.zeros(batch, seq, dtype=torch.long),
    )


def best_time(run, repeats: int, warmup: int, min_seconds: float) -> tuple[float, int]:
    """Best wall time of `repeats` runs (more while under `min_seconds` total) after warm-up."""
    for _ in range(warmup):
        run()
    best, n, start = float("inf"), 0, time.perf_counter()
    while n < repeats or (time.perf_counter() - start < min_seconds and n < 10 * repeats):
        t = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t)
        n += 1
    return best, n


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=5, help="timed runs per shape (at least)")
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--min-seconds", type=float, default=3.0, help="keep timing a shape at least this long")
    ap.add_argument("--modes", default="fp32,bf16", help="comma-separated subset of fp32,bf16")
    ap.add_argument("--shapes", default=",".join(f"{b}x{s}" for b, s in SHAPES),
                    help="comma-separated batch×seq shapes (default: the four of issue 7)")
    # PyTorch's documented meaning of "high" allows bf16x3 (each fp32 value as the sum of two
    # bf16), the precision of `rocbert bench --precision bf16x3`; on CPU it has no such kernel and
    # computes as "highest". "medium" is plain bf16 inside fp32 matmuls (oneDNN's bf16 fpmath).
    ap.add_argument("--matmul-precision", choices=("highest", "high", "medium"), default="highest",
                    help="torch.set_float32_matmul_precision for the fp32 eager rows (default: PyTorch's own)")
    args = ap.parse_args()
    try:
        shapes = [tuple(int(n) for n in shape.split("x")) for shape in args.shapes.split(",")]
        if any(len(shape) != 2 or min(shape) < 1 for shape in shapes):
            raise ValueError
    except ValueError:
        ap.error(f"--shapes: expected shapes like 32x64,16x128, got {args.shapes!r}")

    torch.set_num_threads(THREADS)
    torch.set_float32_matmul_precision(args.matmul_precision)
    torch.manual_seed(0)
    cfg = base_zh_config()
    model = RoCBertForSequenceClassification(cfg).eval()
    params = sum(p.numel() for p in model.parameters())
    flags = open("/proc/cpuinfo").read().split("flags")[1].split("\n")[0].split()
    print(f"torch {torch.__version__}, transformers {transformers.__version__}, python {platform.python_version()}")
    print(f"CPU capability: {torch.backends.cpu.get_cpu_capability()}; avx512f: {'avx512f' in flags}, "
          f"avx512_bf16: {'avx512_bf16' in flags}, amx_bf16: {'amx_bf16' in flags}")
    print(f"threads: {torch.get_num_threads()}; model parameters: {params / 1e6:.1f} M; "
          f"best of >= {args.repeats} runs after {args.warmup} warm-up, >= {args.min_seconds:.0f} s per cell")
    print(f"float32 matmul precision: {torch.get_float32_matmul_precision()}; "
          f"peak RSS after building the model: {peak_rss_mib():.0f} MiB")
    print()
    print(f"{'batch x seq':>11} | {'mode':>14} | {'seq/s':>8} | {'GFLOP/s':>8} | {'ms/batch':>9} | {'runs':>4} | peak RSS MiB")
    gen = torch.Generator().manual_seed(1)
    for batch, seq in shapes:
        x = inputs(cfg, batch, seq, gen)
        flops = forward_flops(cfg, batch, seq)
        wanted = set(args.modes.split(","))
        for mode in [m for m in ("fp32 eager", "bf16 autocast") if m.split()[0] in wanted]:
            def run():
                with torch.inference_mode():
                    if mode == "bf16 autocast":
                        with torch.autocast("cpu", dtype=torch.bfloat16):
                            return model(**x).logits
                    return model(**x).logits
            t, n = best_time(run, args.repeats, args.warmup, args.min_seconds)
            print(f"{batch:>5} x {seq:<3} | {mode:>14} | {batch / t:8.1f} | {flops / t / 1e9:8.1f} | "
                  f"{t * 1e3:9.1f} | {n:>4} | {peak_rss_mib():.0f}")
    print()
    print("FLOPs per sequence (formula in the docstring): " + ", ".join(
        f"{b}x{s}: {forward_flops(cfg, b, s) / b / 1e9:.3f} GFLOP" for b, s in shapes))


if __name__ == "__main__":
    main()
