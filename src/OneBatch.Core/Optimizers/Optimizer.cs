using OneBatch.Autodiff;
using OneBatch.Optimizers.Schedules;
using OneBatch.Tensors;
using OneBatch.Utils;

namespace OneBatch.Optimizers;

/// <summary>
/// The base of every optimizer, shaped like <c>keras.optimizers.Optimizer</c>: it owns the loop over
/// (gradient, variable) pairs, the step counter, the per-variable slots and the settings every Keras 3 optimizer
/// shares (<see cref="ClipNorm"/>, <see cref="ClipValue"/>, <see cref="GlobalClipNorm"/>, <see cref="WeightDecay"/>,
/// a <see cref="Schedule"/>, Keras 2's <see cref="Decay"/>); a subclass writes only <see cref="UpdateStep"/>
/// (and <see cref="Build"/> for its slots).
/// </summary>
/// <remarks>
/// One step, as Keras 3's <c>apply</c>: with t = <see cref="Iterations"/> (0-based), the rate is
/// <c>lr_t = schedule(t) / (1 + decay t)</c>; the gradients are clipped (by each one's norm, by their global norm, or
/// elementwise); each variable with a gradient decays, <c>w -= w * weight_decay * lr_t</c>; then
/// <see cref="UpdateStep"/> runs at <c>lr_t</c> and the variable's constraint projects it.
/// </remarks>
public abstract class Optimizer
{
    private readonly Dictionary<Variable, int> _index = new(ReferenceEqualityComparer.Instance);
    private readonly List<Variable> _variables = [];

    // Where a clipped gradient is written, one per variable (null when no clipping is set): the caller's gradient is
    // never modified.
    private readonly List<Tensor?> _clipped = [];
    private float _learningRate;
    private LearningRateSchedule? _schedule;
    private float? _clipNorm;
    private float? _clipValue;
    private float? _globalClipNorm;
    private float? _weightDecay;
    private float _decay;

    protected Optimizer(float learningRate, string name)
    {
        LearningRate = learningRate;
        Name = name;
    }

    /// <summary>The Keras identifier, such as <c>adam</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// The base learning rate: the constant rate, or with a <see cref="Schedule"/> the rate the schedule is quoted at
    /// (<see cref="LearningRateSchedule.LearningRate"/>, its initial rate or its warm-up target). Setting it with a
    /// schedule scales the whole schedule so that this becomes its rate. The rate of the next step is
    /// <see cref="CurrentLearningRate"/>.
    /// </summary>
    public float LearningRate
    {
        get => _schedule?.LearningRate ?? _learningRate;
        set
        {
            if (!float.IsFinite(value) || value < 0f)
            {
                throw new ArgumentOutOfRangeException(nameof(LearningRate), $"The learning rate must be a finite number >= 0; got {value}.");
            }

            _learningRate = value;
            if (_schedule is not null)
            {
                _schedule = _schedule.WithLearningRate(value);
            }
        }
    }

    /// <summary>A learning rate that changes with the step (Keras's <c>learning_rate=schedule</c>), or null for a constant one.</summary>
    public LearningRateSchedule? Schedule
    {
        get => _schedule;
        init => _schedule = value;
    }

    /// <summary>Keras's <c>clipnorm</c>: each gradient is scaled to an L2 norm of at most this, <c>g * c / max(|g|, c)</c>; 0 or null for none.</summary>
    public float? ClipNorm
    {
        get => _clipNorm;
        init => _clipNorm = OneClip(value, nameof(ClipNorm), _clipValue, _globalClipNorm);
    }

    /// <summary>Keras's <c>clipvalue</c>: each gradient element is clipped to <c>[-c, c]</c>; 0 or null for none.</summary>
    public float? ClipValue
    {
        get => _clipValue;
        init => _clipValue = OneClip(value, nameof(ClipValue), _clipNorm, _globalClipNorm);
    }

    /// <summary>
    /// Keras's <c>global_clipnorm</c>: all gradients are scaled together by <c>c / max(n, c)</c>, n the L2 norm of all
    /// of them at once (a non-finite n makes them NaN, as in Keras); 0 or null for none.
    /// </summary>
    public float? GlobalClipNorm
    {
        get => _globalClipNorm;
        init => _globalClipNorm = OneClip(value, nameof(GlobalClipNorm), _clipNorm, _clipValue);
    }

    /// <summary>Keras 3's decoupled <c>weight_decay</c>: before its update each variable with a gradient becomes <c>w - w * wd * lr_t</c>; null for none.</summary>
    public float? WeightDecay
    {
        get => _weightDecay;
        init => _weightDecay = value is null or (>= 0f and < float.PositiveInfinity)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(WeightDecay), $"weight_decay must be a finite number >= 0; got {value}.");
    }

    /// <summary>Keras 2's <c>decay</c>: the rate at step t is divided by <c>1 + decay * t</c> (0 for none).</summary>
    public float Decay
    {
        get => _decay;
        init => _decay = value is >= 0f and < float.PositiveInfinity
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Decay), $"decay must be a finite number >= 0; got {value}.");
    }

    /// <summary>The learning rate the next step uses (the schedule and <see cref="Decay"/> at <see cref="Iterations"/>).</summary>
    public float CurrentLearningRate => LearningRateAt(Iterations);

    /// <summary>The number of update steps applied so far (Keras's <c>optimizer.iterations</c>).</summary>
    public long Iterations { get; private set; }

    /// <summary>The variables the optimizer has slots for, in the order it first saw them.</summary>
    public IReadOnlyList<Variable> Variables => _variables;

    private bool Clips => _clipNorm > 0f || _clipValue > 0f || _globalClipNorm > 0f;

    /// <summary>The learning rate at 0-based step <paramref name="step"/>: <c>schedule(step) / (1 + decay * step)</c>.</summary>
    public float LearningRateAt(long step)
    {
        float lr = _schedule?.At(step) ?? _learningRate;
        return _decay == 0f ? lr : (float)(lr * (1.0 / (1.0 + ((double)_decay * step))));
    }

    /// <summary>
    /// Applies one update: <c>gradients[i]</c> to <c>variables[i]</c>, then each updated variable's
    /// <see cref="Variable.Constraint"/>. A null gradient leaves its variable alone (weight decay and constraint
    /// included, as in Keras). The gradients are not modified.
    /// </summary>
    public void ApplyGradients(ReadOnlySpan<Tensor?> gradients, IReadOnlyList<Variable> variables)
    {
        if (gradients.Length != variables.Count)
        {
            throw new ArgumentException($"ApplyGradients got {gradients.Length} gradients for {variables.Count} variables.");
        }

        for (int i = 0; i < variables.Count; i++)
        {
            if (gradients[i] is { } g && g.Shape != variables[i].Shape)
            {
                throw new ArgumentException($"The gradient for '{variables[i].Name}' has shape {g.Shape}; the variable has {variables[i].Shape}.");
            }
        }

        EnsureBuilt(variables);
        float lr = CurrentLearningRate;
        float globalScale = _globalClipNorm > 0f ? GlobalClipScale(gradients, _globalClipNorm.Value) : 1f;
        BeginStep(lr);
        for (int i = 0; i < variables.Count; i++)
        {
            var g = gradients[i];
            if (g is null)
            {
                continue;
            }

            var v = variables[i];
            int index = _index[v];
            if (Clips)
            {
                g = Clip(g, _clipped[index]!, globalScale);
            }

            if (_weightDecay is float wd && wd != 0f)
            {
                var w = v.Value.Span;
                TensorPrimitives.MultiplyAdd(w, -(wd * lr), w, w);
            }

            UpdateStep(g, v, index, lr);

            // As Keras's apply: the constraint projects the variable right after its update.
            v.Constraint?.Apply(v);
        }

        Iterations++;
    }

    /// <inheritdoc cref="ApplyGradients(ReadOnlySpan{Tensor?}, IReadOnlyList{Variable})"/>
    public void ApplyGradients(Tensor?[] gradients, IReadOnlyList<Variable> variables) =>
        ApplyGradients(gradients.AsSpan(), variables);

    /// <summary>Keras's <c>apply_gradients(zip(grads, vars))</c> form.</summary>
    public void ApplyGradients(IEnumerable<(Tensor? Gradient, Variable Variable)> pairs)
    {
        var list = pairs.ToList();
        ApplyGradients(list.Select(p => p.Gradient).ToArray(), list.Select(p => p.Variable).ToArray());
    }

    /// <summary>
    /// A new optimizer of the same kind and settings, at <paramref name="learningRate"/>, with no state (no slots,
    /// iteration 0), or null when the optimizer cannot make one. Used to retrain from the same start at another rate.
    /// A schedule is scaled so that its <see cref="LearningRateSchedule.LearningRate"/> is the new rate.
    /// </summary>
    public virtual Optimizer? CreateFresh(float learningRate) => null;

    /// <summary>
    /// Keras's <c>get_config()</c>: the settings under Keras's key names, in Keras's order, null where unset:
    /// <c>name</c>, <c>learning_rate</c> (a number, or the schedule as <c>class_name</c> and <c>config</c>),
    /// <c>weight_decay</c>, <c>clipnorm</c>, <c>global_clipnorm</c>, <c>clipvalue</c>, Keras 2's <c>decay</c> when set,
    /// then the optimizer's own (<c>beta_1</c>, ...). Values are strings, floats, ints, bools, float or long arrays, nulls
    /// or nested lists of pairs.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, object?>> GetConfig()
    {
        var config = new List<KeyValuePair<string, object?>>
        {
            new("name", Name),
            new("learning_rate", _schedule is null ? _learningRate : _schedule.Serialize()),
            new("weight_decay", _weightDecay),
            new("clipnorm", _clipNorm),
            new("global_clipnorm", _globalClipNorm),
            new("clipvalue", _clipValue),
        };
        if (_decay != 0f)
        {
            config.Add(new("decay", _decay));
        }

        AddConfig(config);
        return config;
    }

    /// <summary>True when <paramref name="other"/> is the same kind of optimizer with the same settings (<see cref="GetConfig"/>), state aside.</summary>
    public bool HasSameSettings(Optimizer other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.GetType() == GetType() && ConfigText(GetConfig()) == ConfigText(other.GetConfig());
    }

    /// <summary>Adds the optimizer's own settings to <see cref="GetConfig"/>, under Keras's names.</summary>
    protected virtual void AddConfig(List<KeyValuePair<string, object?>> config)
    {
    }

    /// <summary>
    /// <paramref name="fresh"/> (a new optimizer of this kind at <paramref name="learningRate"/>) with this one's shared
    /// settings: clipping, weight decay, Keras 2's decay, and the schedule scaled to the new rate. For <see cref="CreateFresh"/>.
    /// </summary>
    protected T KeepSettings<T>(T fresh, float learningRate)
        where T : Optimizer
    {
        fresh._clipNorm = _clipNorm;
        fresh._clipValue = _clipValue;
        fresh._globalClipNorm = _globalClipNorm;
        fresh._weightDecay = _weightDecay;
        fresh._decay = _decay;
        fresh._schedule = _schedule?.WithLearningRate(learningRate);
        return fresh;
    }

    /// <summary>
    /// The floats of state the optimizer keeps per weight it trains (Adam 2: m and v; SGD with momentum 1; plain SGD
    /// 0), a clipped gradient's copy included: what a memory estimate counts before any slot exists.
    /// </summary>
    public int SlotsPerWeight => OwnSlotsPerWeight + (Clips ? 1 : 0);

    /// <summary>The slots <see cref="Build(IReadOnlyList{Variable}, int)"/> creates per weight.</summary>
    protected virtual int OwnSlotsPerWeight => 0;

    /// <summary>Creates the slots for newly seen variables. <paramref name="variables"/> are the new ones, with their indexes starting at <paramref name="firstIndex"/>.</summary>
    protected virtual void Build(IReadOnlyList<Variable> variables, int firstIndex)
    {
    }

    /// <summary>Runs once per step, before the variables' updates, at the step's learning rate (for values every variable shares).</summary>
    protected virtual void BeginStep(float learningRate)
    {
    }

    /// <summary>Updates one variable in place from its gradient. <paramref name="index"/> picks its slots.</summary>
    protected abstract void UpdateStep(Tensor gradient, Variable variable, int index, float learningRate);

    /// <summary>A zero-filled slot shaped like <paramref name="variable"/> (a momentum, a velocity, ...).</summary>
    protected static Tensor ZerosLike(Variable variable) => new(variable.Shape);

    /// <summary>A slot shaped like <paramref name="variable"/> filled with <paramref name="value"/> (an accumulator's start).</summary>
    protected static Tensor Filled(Variable variable, float value)
    {
        var t = new Tensor(variable.Shape);
        t.Span.Fill(value);
        return t;
    }

    /// <summary>Fails with a clear message unless <paramref name="value"/> lies in [low, high) (or [low, high] when <paramref name="highIncluded"/>).</summary>
    protected static float InRange(float value, string optimizer, string name, float low, float high, bool highIncluded = false)
    {
        bool ok = value >= low && (highIncluded ? value <= high : value < high);
        return ok
            ? value
            : throw new ArgumentOutOfRangeException(name, $"{optimizer} {name} must be in [{low}, {high}{(highIncluded ? "]" : ")")}; got {value}.");
    }

    /// <summary>Fails with a clear message unless <paramref name="value"/> is a finite number >= 0.</summary>
    protected static float NonNegative(float value, string optimizer, string name) =>
        value is >= 0f and < float.PositiveInfinity
            ? value
            : throw new ArgumentOutOfRangeException(name, $"{optimizer} {name} must be a finite number >= 0; got {value}.");

    // One of clipnorm, clipvalue and global_clipnorm at most (Keras 3 refuses two), each finite and >= 0.
    private static float? OneClip(float? value, string name, float? other1, float? other2)
    {
        if (value is null)
        {
            return null;
        }

        if (!(value >= 0f && float.IsFinite(value.Value)))
        {
            throw new ArgumentOutOfRangeException(name, $"{name} must be a finite number >= 0; got {value}.");
        }

        return other1 is null && other2 is null
            ? value
            : throw new ArgumentException($"Only one of ClipNorm, ClipValue and GlobalClipNorm can be set (Keras's clipnorm, clipvalue, global_clipnorm); {name} was set after another.", name);
    }

    // Keras's clip_by_global_norm: scale = c * min(1/n, 1/c), plus (n - n) so that a non-finite n gives NaN.
    private static float GlobalClipScale(ReadOnlySpan<Tensor?> gradients, float clip)
    {
        double sum = 0;
        foreach (var g in gradients)
        {
            if (g is not null)
            {
                sum += TensorPrimitives.SumOfSquares(g.ReadOnlySpan);
            }
        }

        double norm = Math.Sqrt(sum);
        return (float)((clip * Math.Min(1.0 / norm, 1.0 / clip)) + (norm - norm));
    }

    // The gradient as Keras's _clip_gradients leaves it: written to the variable's scratch tensor, or g itself when
    // clipping leaves it as it is.
    private Tensor Clip(Tensor g, Tensor scratch, float globalScale)
    {
        if (_clipNorm is float c and > 0f)
        {
            // g * c / max(|g|, c): unchanged when |g| <= c.
            float norm = MathF.Sqrt(TensorPrimitives.SumOfSquares(g.ReadOnlySpan));
            if (norm <= c)
            {
                return g;
            }

            TensorPrimitives.Multiply(g.ReadOnlySpan, c / norm, scratch.Span);
            return scratch;
        }

        if (_globalClipNorm > 0f)
        {
            if (globalScale == 1f)
            {
                return g;
            }

            TensorPrimitives.Multiply(g.ReadOnlySpan, globalScale, scratch.Span);
            return scratch;
        }

        float v = _clipValue!.Value;
        TensorPrimitives.Max(g.ReadOnlySpan, -v, scratch.Span);
        TensorPrimitives.Min(scratch.Span, v, scratch.Span);
        return scratch;
    }

    private void EnsureBuilt(IReadOnlyList<Variable> variables)
    {
        List<Variable>? added = null;
        for (int i = 0; i < variables.Count; i++)
        {
            var v = variables[i];
            if (!_index.ContainsKey(v))
            {
                _index.Add(v, _variables.Count);
                _variables.Add(v);
                _clipped.Add(Clips ? ZerosLike(v) : null);
                (added ??= []).Add(v);
            }
        }

        if (added is not null)
        {
            Build(added, _variables.Count - added.Count);
        }
    }

    private static string ConfigText(IReadOnlyList<KeyValuePair<string, object?>> config) =>
        string.Join(";", config.Select(p => $"{p.Key}={Text(p.Value)}"));

    private static string Text(object? value) => value switch
    {
        null => "null",
        IReadOnlyList<KeyValuePair<string, object?>> nested => "{" + ConfigText(nested) + "}",
        float[] floats => "[" + string.Join(",", floats.Select(f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]",
        long[] longs => "[" + string.Join(",", longs) + "]",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>Every optimizer by its Keras names; each entry makes the optimizer at a learning rate, or at its Keras default.</summary>
    public static NameTable<Func<float?, Optimizer>> Registry { get; } = new NameTable<Func<float?, Optimizer>>("optimizer")
        .Add("adam", lr => lr is float a ? new Adam(a) : new Adam())
        .Add("adamw", lr => lr is float a ? new AdamW(a) : new AdamW())
        .Add("adamax", lr => lr is float a ? new Adamax(a) : new Adamax())
        .Add("nadam", lr => lr is float a ? new Nadam(a) : new Nadam())
        .Add("sgd", lr => lr is float s ? new SGD(s) : new SGD())
        .Add("rmsprop", lr => lr is float r ? new RMSprop(r) : new RMSprop())
        .Add("adagrad", lr => lr is float a ? new Adagrad(a) : new Adagrad())
        .Add("adadelta", lr => lr is float a ? new Adadelta(a) : new Adadelta())
        .Add("lion", lr => lr is float a ? new Lion(a) : new Lion())
        .Add("ftrl", lr => lr is float a ? new Ftrl(a) : new Ftrl());

    /// <summary>The optimizer with a Keras identifier (<c>adam</c>, <c>sgd</c>, <c>rmsprop</c>, ...), at its Keras default learning rate unless one is given.</summary>
    public static Optimizer Get(string name, float? learningRate = null) => Registry.Get(name)(learningRate);

    public static implicit operator Optimizer(string name) => Get(name);

    public override string ToString() => $"{Name}(learning_rate={LearningRate})";
}
