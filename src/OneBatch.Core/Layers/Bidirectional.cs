using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Runs a recurrent layer over the sequence both ways and merges the two, like <c>keras.layers.Bidirectional</c>. The
/// forward half is a fresh layer with <c>layer</c>'s settings named <c>forward_&lt;name&gt;</c>; the backward
/// half is <c>backwardLayer</c>, or the same settings with <c>go_backwards</c> flipped, named
/// <c>backward_&lt;name&gt;</c>. With return_sequences the backward half's outputs are put back in time order before
/// merging, and both halves output zeros at masked steps (Keras sets <c>zero_output_for_mask</c>). Merge modes:
/// <c>concat</c> (the default), <c>sum</c>, <c>mul</c>, <c>ave</c>, or null for both outputs unmerged. With return_state
/// the forward half's states, then the backward half's, follow. Weights: the forward half's, then the backward half's.
/// </summary>
public sealed class Bidirectional : Layer, IRecurrentStatistics
{
    private static readonly string[] MergeModes = ["concat", "sum", "mul", "ave"];

    private readonly Tensor[] _forwardOutputs;
    private readonly Tensor[] _backwardOutputs;
    private Variable[]? _weights;

    public Bidirectional(RecurrentLayer layer, string? mergeMode = "concat", RecurrentLayer? backwardLayer = null, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (mergeMode is not null && !MergeModes.Contains(mergeMode))
        {
            throw new ArgumentException($"Bidirectional '{Name}': merge_mode must be concat, sum, mul, ave or null; got '{mergeMode}'.", nameof(mergeMode));
        }

        ForwardLayer = layer.CloneConfig(layer.GoBackwards, "forward_" + RemovePrefix(layer.Name, "forward_"));
        ForwardLayer.CopyPenaltySettings(layer);
        if (backwardLayer is null)
        {
            BackwardLayer = layer.CloneConfig(!layer.GoBackwards, "backward_" + RemovePrefix(layer.Name, "backward_"));
            BackwardLayer.CopyPenaltySettings(layer);
        }
        else
        {
            BackwardLayer = backwardLayer;
        }

        if (ReferenceEquals(backwardLayer, layer))
        {
            throw new ArgumentException($"Bidirectional '{Name}': the backward layer must be another layer than the forward one.", nameof(backwardLayer));
        }

        if (ForwardLayer.GoBackwards == BackwardLayer.GoBackwards)
        {
            throw new ArgumentException(
                $"Bidirectional '{Name}': the forward and backward layers must differ in go_backwards; both have {ForwardLayer.GoBackwards}.", nameof(backwardLayer));
        }

        if (ForwardLayer.ReturnSequences != BackwardLayer.ReturnSequences || ForwardLayer.ReturnState != BackwardLayer.ReturnState
            || ForwardLayer.Stateful != BackwardLayer.Stateful || ForwardLayer.StateCount != BackwardLayer.StateCount)
        {
            throw new ArgumentException(
                $"Bidirectional '{Name}': the forward and backward layers must agree on return_sequences, return_state, stateful and their states.", nameof(backwardLayer));
        }

        MergeMode = mergeMode;
        foreach (var half in new[] { ForwardLayer, BackwardLayer })
        {
            half.ZeroOutputForMask = half.ReturnSequences;
        }

        BackwardLayer.ReverseOutputs = BackwardLayer.ReturnSequences;
        int count = 1 + (ReturnState ? ForwardLayer.StateCount : 0);
        _forwardOutputs = new Tensor[count];
        _backwardOutputs = new Tensor[count];
    }

    /// <summary>The half that reads the sequence as the wrapped layer does (<c>forward_&lt;name&gt;</c>).</summary>
    public RecurrentLayer ForwardLayer { get; }

    /// <summary>The half that reads it the other way (<c>backward_&lt;name&gt;</c>, or the layer given).</summary>
    public RecurrentLayer BackwardLayer { get; }

    /// <summary><c>concat</c>, <c>sum</c>, <c>mul</c>, <c>ave</c>, or null (the two outputs unmerged).</summary>
    public string? MergeMode { get; }

    public bool ReturnSequences => ForwardLayer.ReturnSequences;

    public bool ReturnState => ForwardLayer.ReturnState;

    /// <summary>Keras's <c>stateful</c>, from the wrapped layer: kept for the check to note; both halves run stateless.</summary>
    public bool Stateful => ForwardLayer.Stateful;

    public override bool ActsOnlyInTraining => ForwardLayer.ActsOnlyInTraining || BackwardLayer.ActsOnlyInTraining;

    public override IReadOnlyList<Variable> Weights
    {
        get
        {
            if (_weights is null || _weights.Length != ForwardLayer.Weights.Count + BackwardLayer.Weights.Count)
            {
                _weights = [.. ForwardLayer.Weights, .. BackwardLayer.Weights];
            }

            return _weights;
        }
    }

    internal override void CollectRegularized(List<(Variable Variable, Regularizers.Regularizer Regularizer)> into, HashSet<Variable> seen)
    {
        if (Trainable)
        {
            ForwardLayer.CollectRegularized(into, seen);
            BackwardLayer.CollectRegularized(into, seen);
        }
    }

    public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> inputShapes)
    {
        var forward = ForwardLayer.ComputeOutputShapes(inputShapes);
        var backward = BackwardLayer.ComputeOutputShapes(inputShapes);
        var output = forward[0];
        var shapes = new List<Shape>();
        if (MergeMode is null)
        {
            shapes.Add(output);
            shapes.Add(backward[0]);
        }
        else if (MergeMode == "concat")
        {
            shapes.Add(output.WithLast(output.Last + backward[0].Last));
        }
        else
        {
            if (output != backward[0])
            {
                throw new ArgumentException($"Bidirectional '{Name}': merge_mode '{MergeMode}' needs halves of the same output shape; got {output} and {backward[0]}.");
            }

            shapes.Add(output);
        }

        shapes.AddRange(forward.Skip(1));
        shapes.AddRange(backward.Skip(1));
        return shapes;
    }

    protected override void Build(Shape inputShape)
    {
        // Keras's weight paths: bidirectional/forward_lstm/kernel.
        ForwardLayer.Scope = Name;
        BackwardLayer.Scope = Name;
        ForwardLayer.Build(inputShape, BuildRandom);
        BackwardLayer.Build(inputShape, BuildRandom);
        _weights = null;
    }

    protected internal override void Call(ReadOnlySpan<Tensor> inputs, Span<Tensor> outputs, bool training) =>
        Call(inputs, [], outputs, training);

    // x: [batch, time, features] -> merged outputs, then the forward states, then the backward states
    protected internal override void Call(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor?> masks, Span<Tensor> outputs, bool training)
    {
        // Keras calls each half as a layer, so their activity regularizers apply to their outputs.
        ForwardLayer.Call(inputs, masks, _forwardOutputs, training);
        AddActivityPenalty(ForwardLayer, _forwardOutputs);
        BackwardLayer.Call(inputs, masks, _backwardOutputs, training);
        AddActivityPenalty(BackwardLayer, _backwardOutputs);
        Tensor y = _forwardOutputs[0], yBack = _backwardOutputs[0];
        int next = 1;
        switch (MergeMode)
        {
            case null:
                outputs[0] = y;
                outputs[1] = yBack;
                next = 2;
                break;
            case "concat":
                outputs[0] = Ops.Concatenate([y, yBack], -1);
                break;
            case "sum":
                outputs[0] = Ops.Add(y, yBack);
                break;
            case "mul":
                outputs[0] = Ops.Multiply(y, yBack);
                break;
            default:
                outputs[0] = Ops.Scale(Ops.Add(y, yBack), 0.5f);
                break;
        }

        for (int k = 1; k < _forwardOutputs.Length; k++)
        {
            outputs[next + k - 1] = _forwardOutputs[k];
            outputs[next + _forwardOutputs.Length - 2 + k] = _backwardOutputs[k];
        }
    }

    /// <summary>The merged outputs keep the input's mask when they are sequences; the states have none.</summary>
    protected internal override void ComputeMask(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor?> masks, Span<Tensor?> outputMasks)
    {
        outputMasks.Clear();
        if (!ReturnSequences || masks.Length == 0)
        {
            return;
        }

        outputMasks[0] = masks[0];
        if (MergeMode is null)
        {
            outputMasks[1] = masks[0];
        }
    }

    private static string RemovePrefix(string name, string prefix) => name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;

    /// <summary>The larger share of saturated gate inputs of the two directions.</summary>
    public float GateSaturation => MathF.Max(ForwardLayer.GateSaturation, BackwardLayer.GateSaturation);

    /// <summary>The direction whose gradient reaches its first step the least: the one that loses more through time.</summary>
    public (float First, float Last)? HiddenGradientNorms
    {
        get
        {
            var forward = ForwardLayer.HiddenGradientNorms;
            var backward = BackwardLayer.HiddenGradientNorms;
            if (forward is not { } f || backward is not { } b)
            {
                return forward ?? backward;
            }

            return f.First * b.Last <= b.First * f.Last ? f : b;
        }
    }
}
