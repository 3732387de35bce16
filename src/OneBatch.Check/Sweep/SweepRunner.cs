using System.Diagnostics;
using System.Runtime.ExceptionServices;
using OneBatch.Kernels;

namespace OneBatch.Check.Sweep;

/// <summary>
/// Runs the whole single-batch check (early stop and diagnosis included) for every optimizer at every learning rate,
/// all from the same initial weights, side by side on the machine's cores:
/// <code>
/// var sweep = new SweepRunner(SeedDemos.Create("regression"), () => SeedDemos.Create("regression"),
///     SweepOptimizer.Parse("adam,sgd"), SweepGrid.Parse("1e-4:1e-1:4"));
/// var result = sweep.Run();   // result.Best, result.Ranges, result.Findings
/// </code>
/// A model cannot train on two threads at once, so each worker trains a case of its own, made by the factory and set
/// to the first case's weights; each run puts them back first. The runs' results do not depend on the workers: a run
/// is one thread's deterministic training from the same start, and the GEMM team (whose kernels give the same bits
/// on one thread) is left to the runs only when they are fewer than the cores.
/// </summary>
public sealed class SweepRunner
{
    private readonly CheckCase _case;
    private readonly Func<CheckCase> _createCase;
    private readonly IReadOnlyList<SweepOptimizer> _optimizers;
    private readonly IReadOnlyList<float> _rates;
    private readonly CheckOptions _options;

    /// <param name="checkCase">The case whose model's weights, as they are now, every run starts from.</param>
    /// <param name="createCase">Makes the same case again (same model, batch and loss) for another worker.</param>
    public SweepRunner(CheckCase checkCase, Func<CheckCase> createCase, IReadOnlyList<SweepOptimizer> optimizers, IReadOnlyList<float> rates, CheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(checkCase);
        ArgumentNullException.ThrowIfNull(createCase);
        ArgumentNullException.ThrowIfNull(optimizers);
        ArgumentNullException.ThrowIfNull(rates);
        if (optimizers.Count == 0 || rates.Count == 0)
        {
            throw new ArgumentException("A sweep needs at least one optimizer and one learning rate.");
        }

        if (rates.Any(r => !(r > 0f && float.IsFinite(r))))
        {
            throw new ArgumentOutOfRangeException(nameof(rates), "Every learning rate must be a positive number.");
        }

        _case = checkCase;
        _createCase = createCase;
        _optimizers = optimizers;
        _rates = [.. rates.Order()];

        // Per-step progress from many threads at once would mean nothing; a failed run is diagnosed so the sweep can
        // say why it failed.
        _options = (options ?? new CheckOptions()) with { Progress = null, Diagnose = true, Deadline = null };
        _options.Validate();
    }

    /// <summary>Runs trained side by side at most (one thread each); 1 runs them one after another on the calling thread.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Called after each run, one call at a time (from the worker that ran it).</summary>
    public Action<SweepProgress>? Progress { get; init; }

    /// <summary>Every optimizer at every rate (optimizers in their order, rates lowest first).</summary>
    public int Count => _optimizers.Count * _rates.Count;

    /// <summary>Runs the sweep; the first case's model is left at its initial weights.</summary>
    public SweepResult Run()
    {
        if (Workers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Workers), $"Workers must be at least 1; got {Workers}.");
        }

        var clock = Stopwatch.StartNew();
        int total = Count;
        int workers = Math.Min(Workers, total);
        var start = _case.Model.GetWeights();

        // Every worker's case is made before any run starts: making a model touches state that the running ones read
        // (which variables train), and would make them look it up again.
        var cases = new CheckCase[workers];
        cases[0] = _case;
        for (int w = 1; w < workers; w++)
        {
            cases[w] = _createCase();
            cases[w].Model.SetWeights(start);
        }

        // With a run on every core, sharing a GEMM would only make the runs wait for each other.
        bool alone = workers > 1 && total >= Environment.ProcessorCount;
        var runs = new SweepRun[total];
        var gate = new object();
        int next = -1;
        int done = 0;
        SweepRun? best = null;
        ExceptionDispatchInfo? error = null;

        void Work(int worker)
        {
            try
            {
                if (alone)
                {
                    using (GemmTeam.SingleThreaded())
                    {
                        Loop(worker);
                    }
                }
                else
                {
                    Loop(worker);
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref error, ExceptionDispatchInfo.Capture(e), null);
            }
        }

        void Loop(int worker)
        {
            var checkCase = cases[worker];
            int index;
            while (Volatile.Read(ref error) is null && (index = Interlocked.Increment(ref next)) < total)
            {
                var optimizer = _optimizers[index / _rates.Count];
                float rate = _rates[index % _rates.Count];
                checkCase.Model.SetWeights(start);
                var report = SingleBatchCheck.Run(checkCase, optimizer.Create(rate), _options);
                var run = SweepRun.From(index, optimizer.Name, report);
                lock (gate)
                {
                    runs[index] = run;
                    done++;
                    if (best is null || SweepRanking.Compare(run, best) < 0)
                    {
                        best = run;
                    }

                    Progress?.Invoke(new SweepProgress(done, total, run, best));
                }
            }
        }

        var threads = new Thread[workers - 1];
        for (int w = 1; w < workers; w++)
        {
            int worker = w;
            threads[w - 1] = new Thread(() => Work(worker)) { IsBackground = true, Name = $"OneBatch sweep {w}" };
            threads[w - 1].Start();
        }

        Work(0);
        foreach (var thread in threads)
        {
            thread.Join();
        }

        _case.Model.SetWeights(start);
        error?.Throw();
        clock.Stop();
        return new SweepResult
        {
            Name = _case.Name,
            Runs = runs,
            Optimizers = _optimizers.Select(o => o.Name).ToArray(),
            LearningRates = _rates,
            MaxSteps = _options.MaxSteps,
            Seed = _options.Seed,
            Workers = workers,
            Seconds = clock.Elapsed.TotalSeconds,
        };
    }
}
