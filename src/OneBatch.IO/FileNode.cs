using System.Runtime.InteropServices;

namespace OneBatch.IO;

/// <summary>
/// The kind and identity of what a path names, symbolic links followed: what .NET cannot say on Unix, where its file
/// APIs take a character device such as <c>/dev/null</c> or a FIFO for a regular file. On Linux it comes from
/// <c>statx(2)</c>; elsewhere (or on a C library without it) from .NET alone, which tells only folders from the rest
/// and has no identity.
/// </summary>
/// <param name="Identity">"device:inode", the same for two paths to one file (hard links included); null when unknown.</param>
public sealed partial record FileNode(FileNodeKind Kind, string? Identity)
{
    // statx(2): struct statx is 256 bytes with the same layout on every architecture; stx_mode is a u16 at byte 28,
    // stx_ino a u64 at 32, stx_dev_major and stx_dev_minor u32s at 136 and 140.
    private const int StatxSize = 256;
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const uint StatxIno = 0x100;
    private const int ENOENT = 2;
    private const int ENOTDIR = 20;

    /// <summary>
    /// What <paramref name="path"/> names, or null when nothing is there (a dangling symbolic link included). Throws an
    /// <see cref="IOException"/> when the path cannot be examined (a link loop, a folder that cannot be searched).
    /// </summary>
    public static FileNode? Of(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                return OfStatx(path);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // A C library without statx (glibc before 2.28): .NET alone, below.
            }
        }

        if (Directory.Exists(path))
        {
            return new FileNode(FileNodeKind.Folder, null);
        }

        return File.Exists(path) ? new FileNode(FileNodeKind.RegularFile, null) : null;
    }

    /// <summary>The kind as a message says it: "a character device".</summary>
    public static string Describe(FileNodeKind kind) => kind switch
    {
        FileNodeKind.RegularFile => "a regular file",
        FileNodeKind.Folder => "a folder",
        FileNodeKind.CharacterDevice => "a character device",
        FileNodeKind.BlockDevice => "a block device",
        FileNodeKind.Fifo => "a named pipe (FIFO)",
        FileNodeKind.Socket => "a socket",
        _ => "not a regular file",
    };

    private static unsafe FileNode? OfStatx(string path)
    {
        byte* buffer = stackalloc byte[StatxSize];
        if (Statx(AtFdCwd, path, 0, StatxType | StatxIno, buffer) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is ENOENT or ENOTDIR)
            {
                return null;
            }

            throw new IOException($"'{path}' cannot be examined: {Marshal.GetPInvokeErrorMessage(errno)}.");
        }

        ushort mode = *(ushort*)(buffer + 28);
        ulong inode = *(ulong*)(buffer + 32);
        uint major = *(uint*)(buffer + 136);
        uint minor = *(uint*)(buffer + 140);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => FileNodeKind.RegularFile,
            0x4000 => FileNodeKind.Folder,
            0x2000 => FileNodeKind.CharacterDevice,
            0x6000 => FileNodeKind.BlockDevice,
            0x1000 => FileNodeKind.Fifo,
            0xC000 => FileNodeKind.Socket,
            _ => FileNodeKind.Other,
        };
        return new FileNode(kind, $"{major}:{minor}:{inode}");
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);
}
