#!/usr/bin/env bash
# Finishes the .deb that jpackage built, with what Debian expects of a package and jpackage cannot
# place, since it installs only under /opt/tagmirror:
#
#   /usr/bin/tagmirror                               link to /opt/tagmirror/bin/tagmirror
#   /usr/share/applications/tagmirror.desktop        the menu entry
#   /usr/share/man/man1/tagmirror*.1.gz              the manual pages (PackageFiles writes them)
#   /usr/share/bash-completion/completions/tagmirror the bash completion (PackageFiles writes it)
#   /usr/share/zsh/vendor-completions/_tagmirror    the zsh completion, which runs the bash one
#   /usr/share/doc/tagmirror/copyright               machine-readable, installer/linux/debian/copyright
#   /usr/share/doc/tagmirror/changelog.Debian.gz     installer/linux/debian/changelog
#   /usr/share/lintian/overrides/tagmirror           the findings that come from bundling a runtime
#   /lib/systemd/system/tagmirror-serve@.service     a service per served mirror, installer/linux/systemd/
#   /usr/share/doc/tagmirror/examples/serve.conf     its configuration, to copy to /etc/tagmirror/NAME.conf
#
# With the link and the menu entry owned by the package, the maintainer scripts jpackage always
# writes have nothing left to do (dpkg's triggers refresh the menu and man's index), so they go.
#
# usage: finish-deb.sh PACKAGE.deb GENERATED_DIR
set -euo pipefail

deb=$1
generated=$2
here=$(cd "$(dirname "$0")" && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
dpkg-deb --raw-extract "$deb" "$root"

version=$(dpkg-deb --field "$deb" Version)
logged=$(sed -n '1s/^tagmirror (\([^)]*\)).*/\1/p' "$here/debian/changelog")
if [ "$logged" != "$version" ]; then
    echo "finish-deb: the package is version $version but installer/linux/debian/changelog starts with" \
         "${logged:-no entry}: add an entry for $version at its top" >&2
    exit 1
fi

rm -f "$root"/DEBIAN/preinst "$root"/DEBIAN/postinst "$root"/DEBIAN/prerm "$root"/DEBIAN/postrm

install -d "$root/usr/bin" "$root/usr/share/applications" "$root/usr/share/man/man1" \
    "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" "$root/usr/share/doc/tagmirror" \
    "$root/usr/share/lintian/overrides" "$root/lib/systemd/system" "$root/usr/share/doc/tagmirror/examples"
ln -s /opt/tagmirror/bin/tagmirror "$root/usr/bin/tagmirror"
install -m 644 "$root/opt/tagmirror/lib/tagmirror-tagmirror.desktop" "$root/usr/share/applications/tagmirror.desktop"
for page in "$generated"/man/*.1; do
    gzip -9 --no-name < "$page" > "$root/usr/share/man/man1/$(basename "$page").gz"
done
chmod 644 "$root"/usr/share/man/man1/*
install -m 644 "$generated/bash-completion/tagmirror" "$root/usr/share/bash-completion/completions/tagmirror"
install -m 644 "$generated/zsh-completion/_tagmirror" "$root/usr/share/zsh/vendor-completions/_tagmirror"
install -m 644 "$here/debian/copyright" "$root/usr/share/doc/tagmirror/copyright"
gzip -9 --no-name < "$here/debian/changelog" > "$root/usr/share/doc/tagmirror/changelog.Debian.gz"
chmod 644 "$root/usr/share/doc/tagmirror/changelog.Debian.gz"
install -m 644 "$here/debian/lintian-overrides" "$root/usr/share/lintian/overrides/tagmirror"
install -m 644 "$here/systemd/tagmirror-serve@.service" "$root/lib/systemd/system/tagmirror-serve@.service"
install -m 644 "$here/systemd/serve.conf" "$root/usr/share/doc/tagmirror/examples/serve.conf"
# jpackage leaves its launcher library executable; it is only loaded (dlopen), never run.
chmod 644 "$root/opt/tagmirror/lib/libapplauncher.so"

(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) \
    > "$root/DEBIAN/md5sums"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -i "s/^Installed-Size: .*/Installed-Size: $size/" "$root/DEBIAN/control"

dpkg-deb --root-owner-group -Zxz --build "$root" "$work/finished.deb" >/dev/null
mv "$work/finished.deb" "$deb"
echo "finished $deb: $(dpkg-deb --contents "$deb" | wc -l) files, Installed-Size $size KiB"
