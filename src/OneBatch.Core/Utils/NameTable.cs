namespace OneBatch.Utils;

/// <summary>
/// The Keras names of one kind of thing (losses, optimizers, initializers, activations) and what each makes: the one
/// table that lookups, error messages and the command line's help are all made from. A name matches in any case and
/// with or without underscores, so <c>mean_squared_error</c>, <c>MeanSquaredError</c> and <c>meansquarederror</c>
/// are the same; aliases (<c>mse</c>) are listed with their entry.
/// </summary>
public sealed class NameTable<T>
{
    private readonly Dictionary<string, T> _byKey = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    /// <param name="kind">What the names name, for messages: <c>loss</c>, <c>optimizer</c>, ...</param>
    public NameTable(string kind) => Kind = kind;

    public string Kind { get; }

    /// <summary>The main name of every entry, in the order they were added.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Adds an entry under its main <paramref name="name"/> and any <paramref name="aliases"/>.</summary>
    public NameTable<T> Add(string name, T value, params string[] aliases)
    {
        _names.Add(name);
        foreach (string n in aliases.Prepend(name))
        {
            if (!_byKey.TryAdd(Key(n), value))
            {
                throw new InvalidOperationException($"The {Kind} name '{n}' is listed twice.");
            }
        }

        return this;
    }

    public bool TryGet(string? name, out T value)
    {
        value = default!;
        return name is not null && _byKey.TryGetValue(Key(name), out value!);
    }

    /// <summary>The entry for <paramref name="name"/>, or an error that lists the known names.</summary>
    public T Get(string name) =>
        TryGet(name, out var value) ? value : throw new ArgumentException($"Unknown {Kind} '{name}'. Known: {Describe(", ")}.");

    /// <summary>The main names joined by <paramref name="separator"/>, for help texts and messages.</summary>
    public string Describe(string separator = " | ") => string.Join(separator, _names);

    private static string Key(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
}
