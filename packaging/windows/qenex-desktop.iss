; Inno Setup 6 script: the Windows installer of QENEX Desktop.
;
; Run by packaging/build_release.py on Windows after PyInstaller (CI: .github/workflows/package.yml):
;   iscc /DAppVersion=<version> /DDistDir=<repo>\dist packaging\windows\qenex-desktop.iss
; AppVersion is the package metadata's version (the one place), so the setup's name and the
; "Apps & features" entry say what `qenex --version` and the About dialog say.
; Not run on the team's Linux machines: kept correct by reading (see the README).

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=1.2.3 (build_release.py passes the package metadata's)
#endif
#ifndef DistDir
  #define DistDir "..\..\dist"
#endif
#define BundleDir DistDir + "\qenex-desktop"
#define IconFile SourcePath + "..\..\build\icons\qenex-desktop.ico"

[Setup]
; AppId identifies the app across versions (upgrades replace, uninstall finds it): never change it.
AppId={{6A3F2C1E-9B7D-4E55-A0C8-2F1D7B9E4C31}
AppName=QENEX Desktop
AppVersion={#AppVersion}
AppVerName=QENEX Desktop {#AppVersion}
AppPublisher=QENEX
DefaultDirName={autopf}\QENEX Desktop
DefaultGroupName=QENEX Desktop
DisableProgramGroupPage=yes
; Per-user install without admin rights by default; the user may choose all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#DistDir}
OutputBaseFilename=QENEX-Desktop-{#AppVersion}-windows-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\qenex-desktop.exe
UninstallDisplayName=QENEX Desktop {#AppVersion}
ChangesEnvironment=yes
#if FileExists(IconFile)
SetupIconFile={#IconFile}
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add the qenex command to PATH"; GroupDescription: "Command line:"; Flags: unchecked

[Files]
; The whole PyInstaller folder: qenex-desktop.exe (windowed), qenex.exe (console), _internal\.
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade must not leave modules of the previous version next to the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\QENEX Desktop"; Filename: "{app}\qenex-desktop.exe"
Name: "{autodesktop}\QENEX Desktop"; Filename: "{app}\qenex-desktop.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\qenex-desktop.exe"; Description: "{cm:LaunchProgram,QENEX Desktop}"; Flags: nowait postinstall skipifsilent

[Code]
{ PATH holds {app} when the "addtopath" task was chosen; uninstall takes it out again. The user's PATH
  for a per-user install, the machine's for an all-users install. }

function PathRoot: Integer;
begin
  if IsAdminInstallMode then Result := HKEY_LOCAL_MACHINE else Result := HKEY_CURRENT_USER;
end;

function PathKey: String;
begin
  if IsAdminInstallMode then
    Result := 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment'
  else
    Result := 'Environment';
end;

function ReadPath: String;
begin
  if not RegQueryStringValue(PathRoot, PathKey, 'Path', Result) then Result := '';
end;

function PathHas(Path, Dir: String): Boolean;
begin
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';') > 0;
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  Path, Dir: String;
begin
  if (CurStep = ssPostInstall) and WizardIsTaskSelected('addtopath') then
  begin
    Path := ReadPath;
    Dir := ExpandConstant('{app}');
    if not PathHas(Path, Dir) then
    begin
      if (Path <> '') and (Copy(Path, Length(Path), 1) <> ';') then Path := Path + ';';
      RegWriteExpandStringValue(PathRoot, PathKey, 'Path', Path + Dir);
    end;
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Path, Dir: String;
  At: Integer;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    Path := ';' + ReadPath + ';';
    Dir := ';' + ExpandConstant('{app}') + ';';
    At := Pos(Uppercase(Dir), Uppercase(Path));
    if At > 0 then
    begin
      Delete(Path, At, Length(Dir) - 1);
      Path := Copy(Path, 2, Length(Path) - 2);
      RegWriteExpandStringValue(PathRoot, PathKey, 'Path', Path);
    end;
  end;
end;
