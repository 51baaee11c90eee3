package gui

import (
	"context"
	"fmt"
	"image"
	"time"

	"github.com/venuepass/venuepass/gui/scan"
)

// Camera capture size: 720p gives a phone screen's QR code enough pixels
// at arm's length and still decodes above 10 frames per second.
const (
	cameraWidth      = 1280
	cameraHeight     = 720
	cameraPreviewFPS = 10
)

// startDevices starts the hardware scanner (direct or serial mode) and the
// camera named in the settings, each on its own goroutine. Keyboard mode
// needs nothing: the window hears it.
func (k *kiosk) startDevices() {
	ctx, cancel := context.WithCancel(k.ctx)
	k.devices = cancel
	set := k.st.settings
	switch set.Scanner {
	case scannerDirect, scannerSerial:
		if set.ScannerDevice == "" {
			k.st.scanner, k.st.scannerErr = tr().T("scanner.no_device", vars{"Mode": set.Scanner}), true
			break
		}
		k.st.scanner, k.st.scannerErr = set.Scanner+" "+set.ScannerDevice, false
		k.devWG.Add(1)
		go func() {
			defer k.devWG.Done()
			k.runScanner(ctx, set)
		}()
	default:
		k.st.scanner, k.st.scannerErr = scannerKeyboard, false
	}
	if k.opts.Frames != nil {
		k.st.camera, k.st.cameraErr = "starting", false
		k.devWG.Add(1)
		go func() {
			defer k.devWG.Done()
			src, err := k.opts.Frames()
			if err != nil {
				k.uiCamera(err.Error(), 0, true)
				return
			}
			defer src.Close()
			k.runPipeline(ctx, src)
			k.uiCamera("off", 0, false)
		}()
	} else if set.Camera != "" {
		k.st.camera, k.st.cameraErr = "starting", false
		k.devWG.Add(1)
		go func() {
			defer k.devWG.Done()
			k.runCamera(ctx, set.Camera)
		}()
	} else {
		k.st.camera, k.st.cameraErr = "off", false
	}
	k.refreshStatus()
}

// stopDevices stops them and waits until they are released.
func (k *kiosk) stopDevices() {
	if k.devices != nil {
		k.devices()
		k.devices = nil
	}
	k.devWG.Wait()
}

// runScanner reads a direct or serial scanner, reopening it after errors
// (a scanner unplugged and plugged back).
func (k *kiosk) runScanner(ctx context.Context, set Settings) {
	emit := func(source string) func(string) {
		return func(text string) { k.Submit(text, source) }
	}
	for ctx.Err() == nil {
		var err error
		if set.Scanner == scannerDirect {
			err = scan.ReadEvdev(ctx, set.ScannerDevice, emit(scan.SourceEvdev))
		} else {
			err = scan.ReadSerial(ctx, set.ScannerDevice, set.SerialBaud, emit(scan.SourceSerial))
		}
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			k.uiScanner(err.Error(), true)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(3 * time.Second):
		}
		k.uiScanner(set.Scanner+" "+set.ScannerDevice, false)
	}
}

// runCamera opens the camera and runs the decode pipeline, reporting the
// frame rate and reopening the camera after errors.
func (k *kiosk) runCamera(ctx context.Context, path string) {
	for ctx.Err() == nil {
		cam, err := scan.OpenCamera(path, cameraWidth, cameraHeight)
		if err != nil {
			k.uiCamera(err.Error(), 0, true)
		} else {
			k.runPipeline(ctx, cam)
			cam.Close()
		}
		select {
		case <-ctx.Done():
			k.uiCamera("off", 0, false)
			return
		case <-time.After(3 * time.Second):
		}
	}
}

// runPipeline decodes frames from src until ctx ends or src fails.
func (k *kiosk) runPipeline(ctx context.Context, src scan.FrameSource) error {
	p := &scan.Pipeline{
		Source:     src,
		PreviewFPS: cameraPreviewFPS,
		OnFrame:    func(img image.Image) { k.uiPreview(img) },
		OnScan:     func(text string) { k.Submit(text, scan.SourceCamera) },
	}
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				k.uiCamera(fmt.Sprintf("%.0f fps", p.FPS()), p.FPS(), false)
			}
		}
	}()
	err := p.Run(ctx)
	close(done)
	if err != nil {
		k.uiCamera(err.Error(), 0, true)
	}
	return err
}
