using System.Reflection;
using PureHDF;
using PureHDF.VOL.Native;

namespace OneBatch.IO.Keras.Saved;

/// <summary>
/// The length in bytes of the file an HDF5 object was read from, to check what an attribute or dataset claims to hold
/// before PureHDF allocates it: PureHDF allocates whatever a damaged dataspace says. PureHDF (2.2.0) keeps the file's
/// driver internal, so this reads it by reflection (<c>NativeObject.Context.Driver.Length</c>).
/// </summary>
internal static class Hdf5FileSize
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;

    private static readonly PropertyInfo Context = typeof(NativeObject).GetProperty("Context", Any)
        ?? throw new MissingMemberException("PureHDF's NativeObject has no Context property; Hdf5FileSize must be updated.");

    /// <summary>The file's length, or null for an object of another PureHDF reader than the native one.</summary>
    public static long? Of(IH5Object holder)
    {
        if (holder is not NativeObject native)
        {
            return null;
        }

        object context = Context.GetValue(native)!;
        object driver = context.GetType().GetProperty("Driver", Any)?.GetValue(context)
            ?? throw new MissingMemberException("PureHDF's read context has no Driver; Hdf5FileSize must be updated.");
        return (long)(driver.GetType().GetProperty("Length", Any)?.GetValue(driver)
            ?? throw new MissingMemberException("PureHDF's driver has no Length; Hdf5FileSize must be updated."));
    }
}
