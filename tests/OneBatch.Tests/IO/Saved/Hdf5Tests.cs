using System.Buffers.Binary;
using OneBatch.IO;
using OneBatch.IO.Keras.Saved;
using PureHDF;

namespace OneBatch.Tests.IO.Saved;

/// <summary>Damaged HDF5 files the fuzz tests found: each is one <see cref="InputException"/> sentence naming the file.</summary>
public sealed class Hdf5Tests
{
    [Fact]
    public void ASoftLinkToItselfIsRefusedBeforePureHdfFollowsIt()
    {
        // Before the fix this overflowed the stack (fuzz defect 26, seed 0000000001D5): PureHDF follows 'vars' forever.
        var file = new H5File { ["layers"] = new H5Group { ["dense"] = new H5Group { ["vars"] = new H5SoftLink("vars") } } };
        var root = Hdf5.Open(KerasFileWriter.Bytes(file, KerasFileWriter.VariableStrings), "w.weights.h5");
        var dense = Hdf5.Group(Hdf5.Group(root, "layers", "w.weights.h5")!, "dense", "w.weights.h5")!;

        var names = Assert.Throws<InputException>(() => Hdf5.DatasetNames(dense, "w.weights.h5"));
        var vars = Assert.Throws<InputException>(() => Hdf5.Group(dense, "vars", "w.weights.h5"));
        var floats = Assert.Throws<InputException>(() => Hdf5.Floats(dense, "vars/0", "w.weights.h5"));

        Assert.All(new[] { names, vars, floats }, e => Assert.Equal(
            "w.weights.h5 cannot be read as HDF5: its group 'dense' holds 'vars' as a soft or external link, which Keras never writes (the file is damaged).", e.Message));
    }

    [Fact]
    public void AStringWhoseLengthIsDamagedIsRefused()
    {
        // The global heap object holding model_config claims 2 GiB (fuzz defect 27: exit 3, OutOfMemoryException).
        var model = SavedModels.Build(SavedModels.Mlp(), seed: 1).Model;
        byte[] bytes = KerasFileWriter.Keras2FullModel(model, SavedModels.Mlp(), KerasFileWriter.VariableStrings);
        int heap = bytes.AsSpan().IndexOf("GCOL"u8);
        // GCOL, version, 3 reserved, collection size (8); then object 1: index (2), references (2), reserved (4), size (8).
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(heap + 16 + 8), 0x7FFF_FFF0);

        var e = Assert.Throws<InputException>(() => Hdf5.String(Hdf5.Open(bytes, "m.h5"), "model_config", "m.h5"));

        Assert.StartsWith("m.h5 cannot be read as HDF5:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADatasetClaimingMoreBytesThanItsFileIsRefusedBeforeItIsRead()
    {
        // Before the fix PureHDF was asked to allocate 2^40 floats.
        var file = new H5File { ["data"] = new H5Dataset(new float[] { 1, 2, 3, 4 }, fileDims: [2, 2]) };
        byte[] bytes = KerasFileWriter.Bytes(file, KerasFileWriter.VariableStrings);
        // The dataspace's two 8-byte dimensions (2, 2) become 2^20 x 2^20.
        byte[] dims = new byte[16];
        dims[0] = 2;
        dims[8] = 2;
        int space = bytes.AsSpan().IndexOf(dims);
        Assert.True(space >= 0);

        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(space), 1UL << 20);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(space + 8), 1UL << 20);
        var e = Assert.Throws<InputException>(() => Hdf5.Floats(Hdf5.Open(bytes, "w.h5"), "data", "w.h5"));

        Assert.Contains("the dataset 'data' claims 1048576 x 1048576 values of 4 bytes", e.Message, StringComparison.Ordinal);
    }
}
