using OneBatch.Tensors;

namespace OneBatch.Autodiff;

/// <summary>
/// One recorded operation: its rule, its inputs and output, and what the rule needs to run backwards. A tape reuses
/// its nodes from one recording to the next, so the fields are plain and fixed in number (no per-step arrays).
/// </summary>
internal sealed class Node
{
    public Op Op = null!;
    public Tensor Output = null!;
    public Tensor? A;
    public Tensor? B;
    public Tensor? C;

    /// <summary>
    /// The inputs of an op that takes any number of them (concatenate, stack): the first <see cref="ManyCount"/>
    /// entries. The array is kept from one recording to the next, so a step in steady state allocates nothing.
    /// </summary>
    public Tensor[] Many = [];

    public int ManyCount;

    /// <summary>A tensor the forward kept for the backward (a mask, softmax probabilities, ...).</summary>
    public Tensor? Saved;

    /// <summary>Settings owned by the caller (a convolution's geometry, for example); never allocated per step.</summary>
    public object? Attributes;

    public int I0;
    public int I1;
    public float F0;
    public float F1;

    /// <summary>Set during <see cref="GradientTape.Gradient(Tensor, IReadOnlyList{Variable})"/>: the node lies on a path from a source.</summary>
    public bool Active;

    public void Clear()
    {
        Op = null!;
        Output = null!;
        A = B = C = Saved = null;
        Array.Clear(Many, 0, ManyCount);
        ManyCount = 0;
        Attributes = null;
        I0 = I1 = 0;
        F0 = F1 = 0f;
        Active = false;
    }
}
