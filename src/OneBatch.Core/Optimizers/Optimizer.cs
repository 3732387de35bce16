using OneBatch.Autodiff;
using OneBatch.Tensors;
using OneBatch.Utils;

namespace OneBatch.Optimizers;

/// <summary>
/// The base of every optimizer, shaped like <c>keras.optimizers.Optimizer</c>: it owns the loop over
/// (gradient, variable) pairs, the step counter and the per-variable slots; a subclass writes only
/// <see cref="UpdateStep"/> (and <see cref="Build"/> for its slots).
/// </summary>
public abstract class Optimizer
{
    private readonly Dictionary<Variable, int> _index = new(ReferenceEqualityComparer.Instance);
    private float _learningRate;

    protected Optimizer(float learningRate, string name)
    {
        LearningRate = learningRate;
        Name = name;
    }

    /// <summary>The Keras identifier, such as <c>adam</c>.</summary>
    public string Name { get; }

    public float LearningRate
    {
        get => _learningRate;
        set
        {
            if (!float.IsFinite(value) || value < 0f)
            {
                throw new ArgumentOutOfRangeException(nameof(LearningRate), $"The learning rate must be a finite number >= 0; got {value}.");
            }

            _learningRate = value;
        }
    }

    /// <summary>The number of update steps applied so far (Keras's <c>optimizer.iterations</c>).</summary>
    public long Iterations { get; private set; }

    /// <summary>The variables the optimizer has slots for, in the order it first saw them.</summary>
    public IReadOnlyList<Variable> Variables => _variables;

    private readonly List<Variable> _variables = [];

    /// <summary>
    /// Applies one update: <c>gradients[i]</c> to <c>variables[i]</c>, then each updated variable's
    /// <see cref="Variable.Constraint"/>. A null gradient leaves its variable alone (constraint included, as in Keras).
    /// </summary>
    public void ApplyGradients(ReadOnlySpan<Tensor?> gradients, IReadOnlyList<Variable> variables)
    {
        if (gradients.Length != variables.Count)
        {
            throw new ArgumentException($"ApplyGradients got {gradients.Length} gradients for {variables.Count} variables.");
        }

        EnsureBuilt(variables);
        float lr = LearningRate;
        for (int i = 0; i < variables.Count; i++)
        {
            var g = gradients[i];
            if (g is null)
            {
                continue;
            }

            var v = variables[i];
            if (g.Shape != v.Shape)
            {
                throw new ArgumentException($"The gradient for '{v.Name}' has shape {g.Shape}; the variable has {v.Shape}.");
            }

            UpdateStep(g, v, _index[v], lr);

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
    /// </summary>
    public virtual Optimizer? CreateFresh(float learningRate) => null;

    /// <summary>Creates the slots for newly seen variables. <paramref name="variables"/> are the new ones, with their indexes starting at <paramref name="firstIndex"/>.</summary>
    protected virtual void Build(IReadOnlyList<Variable> variables, int firstIndex)
    {
    }

    /// <summary>Updates one variable in place from its gradient. <paramref name="index"/> picks its slots.</summary>
    protected abstract void UpdateStep(Tensor gradient, Variable variable, int index, float learningRate);

    /// <summary>A zero-filled slot shaped like <paramref name="variable"/> (a momentum, a velocity, ...).</summary>
    protected static Tensor ZerosLike(Variable variable) => new(variable.Shape);

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
                (added ??= []).Add(v);
            }
        }

        if (added is not null)
        {
            Build(added, _variables.Count - added.Count);
        }
    }

    /// <summary>Every optimizer by its Keras names; each entry makes the optimizer at a learning rate, or at its Keras default.</summary>
    public static NameTable<Func<float?, Optimizer>> Registry { get; } = new NameTable<Func<float?, Optimizer>>("optimizer")
        .Add("adam", lr => lr is float a ? new Adam(a) : new Adam())
        .Add("sgd", lr => lr is float s ? new SGD(s) : new SGD())
        .Add("rmsprop", lr => lr is float r ? new RMSprop(r) : new RMSprop());

    /// <summary>The optimizer with a Keras identifier (<c>adam</c>, <c>sgd</c>, <c>rmsprop</c>), at its Keras default learning rate unless one is given.</summary>
    public static Optimizer Get(string name, float? learningRate = null) => Registry.Get(name)(learningRate);

    public static implicit operator Optimizer(string name) => Get(name);

    public override string ToString() => $"{Name}(learning_rate={LearningRate})";
}
