#!/usr/bin/env python3
"""Write the real node's images as docker-save archives, from this host's files only.

  mkimages.py OUTDIR PAUSE_BINARY

  busybox.tar  docker.io/library/busybox:latest  Debian busybox-static at /bin/busybox + one symlink per applet
  bash.tar     docker.io/library/bash:latest     the busybox userland + Debian bash-static at /usr/local/bin/bash
                                                 (the official image is Alpine-based: it has sh, cat, ...)
  pause.tar    registry.k8s.io/pause:3.10        pause.c from the k8s.io/kubernetes module, gcc -static

`ctr images import` reads them; testbed/realnode.sh pushes them to the loopback registry.
Archives are deterministic (fixed mtimes, sorted entries).
"""
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile

MTIME = 1700000000
PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def add_dir(tar, name, mode=0o755):
    ti = tarfile.TarInfo(name)
    ti.type, ti.mode, ti.mtime = tarfile.DIRTYPE, mode, MTIME
    tar.addfile(ti)


def add_file(tar, name, data, mode=0o755):
    ti = tarfile.TarInfo(name)
    ti.size, ti.mode, ti.mtime = len(data), mode, MTIME
    tar.addfile(ti, io.BytesIO(data))


def add_link(tar, name, target):
    ti = tarfile.TarInfo(name)
    ti.type, ti.linkname, ti.mode, ti.mtime = tarfile.SYMTYPE, target, 0o777, MTIME
    tar.addfile(ti)


def busybox_userland(tar):
    busybox = "/bin/busybox" if os.path.exists("/bin/busybox") else "/usr/bin/busybox"
    data = open(busybox, "rb").read()
    applets = subprocess.run([busybox, "--list-full"], capture_output=True, text=True, check=True).stdout.split()
    for d in ["bin", "sbin", "usr", "usr/bin", "usr/sbin", "usr/local", "usr/local/bin", "etc", "root", "home",
              "var", "dev", "proc", "sys"]:
        add_dir(tar, d)
    add_dir(tar, "tmp", 0o1777)
    add_dir(tar, "var/tmp", 0o1777)
    add_file(tar, "bin/busybox", data)
    add_file(tar, "etc/passwd", b"root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n", 0o644)
    add_file(tar, "etc/group", b"root:x:0:\nnobody:x:65534:\n", 0o644)
    seen = {"bin/busybox"}
    for a in sorted(applets):
        a = a.lstrip("/")
        if a in seen or a.count("/") > 2:
            continue
        seen.add(a)
        add_link(tar, a, "/bin/busybox")


def layer(build):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as tar:
        build(tar)
    return buf.getvalue()


def archive(path, ref, layer_bytes, config_extra):
    diff_id = "sha256:" + hashlib.sha256(layer_bytes).hexdigest()
    config = {
        "architecture": "amd64", "os": "linux", "created": "2023-11-14T22:13:20Z",
        "config": config_extra,
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": "2023-11-14T22:13:20Z", "created_by": "testbed/realnode/mkimages.py"}],
    }
    cfg = json.dumps(config, sort_keys=True).encode()
    cfg_name = hashlib.sha256(cfg).hexdigest() + ".json"
    layer_name = diff_id[7:] + "/layer.tar"
    manifest = json.dumps([{"Config": cfg_name, "RepoTags": [ref], "Layers": [layer_name]}]).encode()
    with tarfile.open(path, "w", format=tarfile.GNU_FORMAT) as tar:
        add_dir(tar, diff_id[7:])
        add_file(tar, layer_name, layer_bytes, 0o644)
        add_file(tar, cfg_name, cfg, 0o644)
        add_file(tar, "manifest.json", manifest, 0o644)


def main():
    out, pause = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    archive(os.path.join(out, "busybox.tar"), "docker.io/library/busybox:latest", layer(busybox_userland),
            {"Env": [PATH_ENV], "Cmd": ["sh"]})

    bash = open("/bin/bash-static" if os.path.exists("/bin/bash-static") else "/usr/bin/bash-static", "rb").read()

    def bash_layer(tar):
        busybox_userland(tar)
        add_file(tar, "usr/local/bin/bash", bash)

    archive(os.path.join(out, "bash.tar"), "docker.io/library/bash:latest", layer(bash_layer),
            {"Env": [PATH_ENV], "Cmd": ["bash"]})

    pause_bytes = open(pause, "rb").read()
    archive(os.path.join(out, "pause.tar"), "registry.k8s.io/pause:3.10",
            layer(lambda tar: add_file(tar, "pause", pause_bytes)), {"Entrypoint": ["/pause"]})


if __name__ == "__main__":
    main()
