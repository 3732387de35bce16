using OneBatch.Optimizers;

namespace OneBatch.Check.Sweep;

/// <summary>
/// One optimizer of a sweep: a name and how to make it, fresh, at a learning rate (Keras's defaults for everything
/// else). Every optimizer of <see cref="Optimizer.Registry"/> is one, and so is <see cref="SgdMomentum"/>: SGD with
/// momentum 0.9, which trains so differently from plain SGD that it is worth its own line.
/// </summary>
public sealed class SweepOptimizer
{
    public const string SgdMomentum = "sgd-momentum";

    /// <summary>The momentum of <see cref="SgdMomentum"/>: the usual choice.</summary>
    public const float Momentum = 0.9f;

    /// <summary>What a sweep tries when not told.</summary>
    public static IReadOnlyList<string> DefaultNames { get; } = ["adam", "sgd", "rmsprop", SgdMomentum];

    private readonly Func<float, Optimizer> _create;

    public SweepOptimizer(string name, Func<float, Optimizer> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        Name = name;
        _create = create;
    }

    public string Name { get; }

    /// <summary>Every name <see cref="TryGet"/> knows.</summary>
    public static IReadOnlyList<string> Names => [.. Optimizer.Registry.Names, SgdMomentum];

    /// <summary>A new optimizer, with no state, at <paramref name="learningRate"/>.</summary>
    public Optimizer Create(float learningRate) => _create(learningRate);

    public static bool TryGet(string name, out SweepOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = name.Trim().ToLowerInvariant();
        if (key == SgdMomentum)
        {
            optimizer = new SweepOptimizer(SgdMomentum, lr => new SGD(lr, Momentum));
            return true;
        }

        if (Optimizer.Registry.TryGet(key, out var make))
        {
            optimizer = new SweepOptimizer(key, lr => make(lr));
            return true;
        }

        optimizer = null!;
        return false;
    }

    /// <summary>
    /// The optimizers of a comma list, in its order. A <see cref="FormatException"/> says in one sentence what is wrong
    /// (without naming the option: the caller does).
    /// </summary>
    public static IReadOnlyList<SweepOptimizer> Parse(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var chosen = new List<SweepOptimizer>();
        foreach (string item in list.Split(','))
        {
            string name = item.Trim().ToLowerInvariant();
            if (name.Length == 0)
            {
                throw new FormatException($"'{list}' has an empty name; give a comma list of {string.Join(", ", Names)}.");
            }

            if (!TryGet(name, out var optimizer))
            {
                throw new FormatException($"unknown optimizer '{name}'; choose from {string.Join(", ", Names)}.");
            }

            if (chosen.Any(o => o.Name == optimizer.Name))
            {
                throw new FormatException($"'{name}' is listed twice.");
            }

            chosen.Add(optimizer);
        }

        return chosen;
    }

    public override string ToString() => Name;
}
